using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Scoring.Metrics;

/// <summary>
/// Asks a judge model behind any OpenAI-compatible chat completions endpoint to place each output on a rubric. The
/// judge is told the levels and asked for JSON <c>{"label": …, "reasoning": …}</c>; a reply that is not JSON is read
/// for the first level label it mentions. The score is a rubric score (the level's label, valued by the level), the
/// reasoning is kept, and a failed or unreadable call becomes a metric error with a null value.
/// </summary>
public sealed class LlmJudge : Metric
{
    private static readonly RubricLevel[] s_defaultRubric =
        [new("poor", 1, "wrong or unhelpful"), new("fair", 2, "partly right"), new("good", 3, "right and clear")];
    private const string DefaultPrompt =
        "Question:\n{{item.input}}\n\nReference answer:\n{{item.reference}}\n\nResponse to judge:\n{{sample.output_text}}";

    private readonly HttpClient _http;
    private readonly IReadOnlyList<RubricLevel> _rubric;
    private readonly string _prompt;
    private readonly SemaphoreSlim _inFlight;

    /// <summary>Creates the judge; the spec needs <see cref="MetricSpec.Url"/>.</summary>
    public LlmJudge(MetricSpec spec, HttpClient http) : base(spec)
    {
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out _))
        {
            throw Core.EvalstoreException.BadRequest(
                $"Metric '{spec.Key}' (llm-judge) needs 'url': the chat completions URL of an OpenAI-compatible endpoint.");
        }
        _http = http;
        _rubric = spec.Rubric is { Count: > 0 } rubric ? rubric : s_defaultRubric;
        _prompt = spec.Prompt ?? DefaultPrompt;
        _inFlight = new SemaphoreSlim(Math.Clamp(spec.Concurrency ?? 4, 1, 64));
    }

    /// <inheritdoc />
    public override MetricDeclaration Declaration
        => new() { Metric = Spec.Key, Type = ScoreType.Rubric, Rubric = _rubric, HigherIsBetter = true };

    /// <inheritdoc />
    public override async ValueTask<MetricOutcome> ScoreAsync(JsonElement row, CancellationToken cancellationToken)
    {
        var question = Template.Render(_prompt, row);
        if (question is null)
        {
            return MetricOutcome.Failed($"the judge prompt names a field this row does not have: {Template.Describe(_prompt)}");
        }
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Spec.TimeoutSeconds ?? 60));
            using var request = new HttpRequestMessage(HttpMethod.Post, Spec.Url) { Content = JsonContent.Create(Body(question)) };
            if (Spec.ApiKeyEnv is { } env && Environment.GetEnvironmentVariable(env) is { Length: > 0 } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return MetricOutcome.Failed($"judge endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var reply = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var content = reply.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";
            return Read(content);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MetricOutcome.Failed($"judge did not answer within {Spec.TimeoutSeconds ?? 60} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or IndexOutOfRangeException
            or InvalidOperationException)
        {
            return MetricOutcome.Failed($"judge call failed: {e.Message}");
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private object Body(string question)
    {
        var levels = new StringBuilder();
        foreach (var level in _rubric)
        {
            levels.Append("- ").Append(level.Label).Append(level.Description is null ? "" : ": " + level.Description).Append('\n');
        }
        return new
        {
            model = Spec.Model ?? "judge",
            temperature = 0,
            messages = new object[]
            {
                new { role = "system",
                    content =
                    $"You grade responses on this rubric:\n{levels}Reply with JSON only: {{\"label\": <one of the labels>, " +
                    $"\"reasoning\": <one or two sentences>}}." },
                new { role = "user", content = question },
            },
        };
    }

    private MetricOutcome Read(string content)
    {
        string? label = null;
        string? reasoning = null;
        var start = content.IndexOf('{', StringComparison.Ordinal);
        var end = content.LastIndexOf('}');
        if (start >= 0 && end > start)
        {
            try
            {
                using var json = JsonDocument.Parse(content[start..(end + 1)]);
                label = json.RootElement.TryGetProperty("label", out var l) ? l.ToString() : null;
                reasoning = json.RootElement.TryGetProperty("reasoning", out var r) ? r.GetString() : null;
            }
            catch (JsonException)
            {
                // Not JSON after all: fall back to finding a label in the text.
            }
        }
        var level = _rubric.FirstOrDefault(l => string.Equals(l.Label, label?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? _rubric.Select(l => (Level: l, At: content.IndexOf(l.Label, StringComparison.OrdinalIgnoreCase))).Where(
                x => x.At >= 0).OrderBy(x => x.At).FirstOrDefault().Level;
        return level is null
            ? MetricOutcome.Failed(
                $"the judge's reply names no rubric level ({string.Join(", ", _rubric.Select(l => l.Label))}): {Truncate(content)}")
            : new MetricOutcome(level.Label, reasoning ?? Truncate(content));
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..297] + "…" : text;
}
