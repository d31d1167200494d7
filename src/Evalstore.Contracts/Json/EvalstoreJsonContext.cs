using System.Text.Json;
using System.Text.Json.Serialization;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;

namespace Evalstore.Core.Json;

/// <summary>
/// Compile-time JSON metadata of the wire records, with <see cref="EvalstoreJson"/>'s conventions. It sits first in
/// <see cref="EvalstoreJson.Options"/>' resolver chain (and in the server's HTTP options, through
/// <see cref="EvalstoreJson.Configure"/>), so the server, the SDK and the CLI read and write these types without
/// reflection; anything not listed falls back to the reflection resolver behind it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 64)]
[JsonSerializable(typeof(ResultInfo))]
[JsonSerializable(typeof(List<ResultInfo>))]
[JsonSerializable(typeof(RunSpec))]
[JsonSerializable(typeof(AppendOutcome))]
[JsonSerializable(typeof(ScoreAggregate))]
[JsonSerializable(typeof(CompareRequest))]
[JsonSerializable(typeof(ComparisonReport))]
[JsonSerializable(typeof(LeaderboardRequest))]
[JsonSerializable(typeof(LeaderboardReport))]
[JsonSerializable(typeof(ItemAnalysisReport))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(List<ApiKeyInfo>))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(ImportReport))]
[JsonSerializable(typeof(List<StoredApiKey>))]
[JsonSerializable(typeof(TransferResult))]
[JsonSerializable(typeof(List<TransferDocument>))]
[JsonSerializable(typeof(GateRequest))]
[JsonSerializable(typeof(GateReport))]
internal sealed partial class EvalstoreJsonContext : JsonSerializerContext;
