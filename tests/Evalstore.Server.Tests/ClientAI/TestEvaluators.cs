using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Evalstore.Server.Tests.ClientAI;

/// <summary>The answer a response should give, handed to <see cref="ExactAnswerEvaluator"/> as evaluation context.</summary>
public sealed class ExpectedAnswer(string answer) : EvaluationContext("Expected answer", answer)
{
    public string Answer { get; } = answer;
}

/// <summary>A boolean metric: does the response equal the expected answer (trimmed, case-insensitive)? Interpreted pass/fail.</summary>
public sealed class ExactAnswerEvaluator : IEvaluator
{
    public const string MetricName = "Exact";

    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var metric = new BooleanMetric(MetricName);
        if (additionalContext?.OfType<ExpectedAnswer>().FirstOrDefault() is not { } expected)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error("No expected answer was given."));
            return ValueTask.FromResult(new EvaluationResult(metric));
        }
        var exact = string.Equals(modelResponse.Text.Trim(), expected.Answer, StringComparison.OrdinalIgnoreCase);
        metric.Value = exact;
        metric.Reason = exact ? "matches the expected answer" : $"expected '{expected.Answer}'";
        metric.Interpretation = new EvaluationMetricInterpretation(exact ? EvaluationRating.Good : EvaluationRating.Unacceptable,
            failed: !exact, reason: exact ? null : "wrong answer");
        return ValueTask.FromResult(new EvaluationResult(metric));
    }
}

/// <summary>A numeric metric: words in the response, rated exceptional (≤ 3 words) to poor (more than 10).</summary>
public sealed class BrevityEvaluator : IEvaluator
{
    public const string MetricName = "Words";

    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var words = modelResponse.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var metric = new NumericMetric(MetricName, words, $"{words} word(s)");
        metric.Interpretation = new EvaluationMetricInterpretation(words switch
        {
            <= 3 => EvaluationRating.Exceptional,
            <= 10 => EvaluationRating.Average,
            _ => EvaluationRating.Poor,
        }, failed: words > 10);
        metric.AddOrUpdateMetadata("counted-by", "spaces");
        return ValueTask.FromResult(new EvaluationResult(metric));
    }
}

/// <summary>
/// A string metric: the response's tone as a label; a warning for a shouted answer, an error (no value) for an empty one.
/// </summary>
public sealed class ToneEvaluator : IEvaluator
{
    public const string MetricName = "Tone";

    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var text = modelResponse.Text;
        var metric = new StringMetric(MetricName);
        if (string.IsNullOrWhiteSpace(text))
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error("The response is empty: no tone to judge."));
            return ValueTask.FromResult(new EvaluationResult(metric));
        }
        metric.Value = text.Contains("please", StringComparison.OrdinalIgnoreCase) ? "polite" : "neutral";
        if (text.Any(char.IsLetter) && text.Where(char.IsLetter).All(char.IsUpper))
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Warning("The response is in capitals."));
        }
        return ValueTask.FromResult(new EvaluationResult(metric));
    }
}
