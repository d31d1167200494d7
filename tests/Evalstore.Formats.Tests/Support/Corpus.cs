namespace Evalstore.Formats.Tests.Support;

/// <summary>Paths of the corpus files copied beside the tests (see Corpus/LICENSE.md).</summary>
public static class Corpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static string File(string relative) => Path.Combine(Root, relative);

    public const string BiasDirectory = "lm_eval_harness/bias_classification_llama3-8b";
    public const string BiasFiveShot = BiasDirectory + "/results_2024-06-17T12-20-26.826621.json";
    public const string BiasZeroShot = BiasDirectory + "/results_2024-06-17T15-44-37.867068.json";
    public const string BiasFiveShotSamples = BiasDirectory + "/samples_bias_classification_2024-06-17T12-20-26.826621.json";
    public const string TruthfulQa = "lm_eval_harness/truthfulqa_gen_gpt-neo-125m/truthfulqa_gen_neo125_2025-05-31T13-51-32.759677.json";
    public const string TruthfulQaSamples =
        "lm_eval_harness/truthfulqa_gen_gpt-neo-125m/samples_truthfulqa_gen_2025-05-31T13-51-32.759677.jsonl";
    public const string QwenSmall = "lm_eval_harness/aggregate_qwen2.5/results_2025-03-03T00-05-12.300060.json";
    public const string QwenLarge = "lm_eval_harness/aggregate_qwen2.5/results_2025-03-03T00-58-03.320716.json";
    public const string EvalGpt5 = "inspect_ai/eval_logs/2025-09-15T15-02-26-04-00_popularity_L8g2GLGDDfsiXvdJ8LyZNJ.eval";
    public const string EvalClaude = "inspect_ai/eval_logs/2025-09-15T15-02-26-04-00_popularity_LthYhadZHuQjsMYHHKRep2.eval";
    public const string JsonPopularity = "inspect_ai/json_logs/2025-05-12T20-28-13-04-00_popularity.json";
    public const string JsonSecurityGuide = "inspect_ai/json_logs/2025-05-12T20-28-26-04-00_security-guide.json";
    public const string JsonLogFormats = "inspect_ai/json_logs/log_formats.json";
    public const string JsonReadSample = "inspect_ai/json_logs/log_read_sample.json";
    public const string Promptfoo = "promptfoo/french-greeting-test/output.json";
}
