namespace Evalstore.Server.Tests.Vendors.Gradient;

/// <summary>The "200 Example" of seed 002 (DigitalOcean's "Retrieve Results of an Evaluation Run"), verbatim.</summary>
public static class Seed002
{
    /// <summary>The seed's curl command; the test changes only the host and the token.</summary>
    public const string Curl =
        """curl https://api.digitalocean.com//v2/gen-ai/evaluation_runs/$EVALUATION_RUN_UUID/results """ +
        """-H "Authorization: Bearer $GRADIENTAI_API_KEY" """;

    public const string Example = """
{
"evaluation_run": {
"agent_deleted": true,
"agent_name": "\"example name\"",
"agent_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"agent_version_hash": "\"example string\"",
"agent_workspace_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"created_by_user_email": "[email protected]",
"created_by_user_id": "\"12345\"",
"error_description": "\"example string\"",
"evaluation_run_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"evaluation_test_case_workspace_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"finished_at": "2023-01-01T00:00:00Z",
"pass_status": true,
"queued_at": "2023-01-01T00:00:00Z",
"run_level_metric_results": [
{
"error_description": "\"example string\"",
"metric_name": "\"example name\"",
"metric_value_type": "METRIC_VALUE_TYPE_UNSPECIFIED",
"number_value": 123,
"reasoning": "\"example string\"",
"string_value": "\"example string\""
}
],
"run_name": "\"example name\"",
"star_metric_result": {
"error_description": "\"example string\"",
"metric_name": "\"example name\"",
"metric_value_type": "METRIC_VALUE_TYPE_UNSPECIFIED",
"number_value": 123,
"reasoning": "\"example string\"",
"string_value": "\"example string\""
},
"started_at": "2023-01-01T00:00:00Z",
"status": "EVALUATION_RUN_STATUS_UNSPECIFIED",
"test_case_description": "\"example string\"",
"test_case_name": "\"example name\"",
"test_case_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"test_case_version": 123
},
"links": {
"pages": {
"first": "\"example string\"",
"last": "\"example string\"",
"next": "\"example string\"",
"previous": "\"example string\""
}
},
"meta": {
"page": 123,
"pages": 123,
"total": 123
},
"prompts": [
{
"ground_truth": "\"example string\"",
"input": "\"example string\"",
"input_tokens": "\"12345\"",
"output": "\"example string\"",
"output_tokens": "\"12345\"",
"prompt_chunks": [
{
"chunk_usage_pct": 123,
"chunk_used": true,
"index_uuid": "\"123e4567-e89b-12d3-a456-426614174000\"",
"source_name": "\"example name\"",
"text": "\"example string\""
}
],
"prompt_id": 123,
"prompt_level_metric_results": [
{
"error_description": "\"example string\"",
"metric_name": "\"example name\"",
"metric_value_type": "METRIC_VALUE_TYPE_UNSPECIFIED",
"number_value": 123,
"reasoning": "\"example string\"",
"string_value": "\"example string\""
}
]
}
]
}
""";

    /// <summary>Documented fields of the schemas that the example leaves out; Evalstore writes every documented field.</summary>
    public static readonly IReadOnlySet<string> DocumentedExtras =
        new HashSet<string>(["agent_deployment_name", "metric_uuid", "status", "trace_id", "evaluation_trace_spans"]);
}
