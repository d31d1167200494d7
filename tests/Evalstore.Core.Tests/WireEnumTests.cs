using Evalstore.Core.Gate;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Core.Tests;

/// <summary>Verdicts, tests, flip directions and gate outcomes are enums in code and the same strings on the wire as before.</summary>
public sealed class WireEnumTests
{
    public static TheoryData<Enum, string> Names => new()
    {
        { Verdict.Better, "better" },
        { Verdict.Worse, "worse" },
        { Verdict.NoSignificantDifference, "no significant difference" },
        { Verdict.Inconclusive, "inconclusive" },
        { SignificanceTest.McNemarExact, "mcnemar-exact" },
        { SignificanceTest.PairedT, "paired-t" },
        { FlipDirection.Regressed, "regressed" },
        { FlipDirection.Improved, "improved" },
        { GateCheckKind.Requirement, "requirement" },
        { GateCheckKind.Regression, "regression" },
        { GateStatus.Pass, "pass" },
        { GateStatus.Fail, "fail" },
        { GateStatus.Inconclusive, "inconclusive" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Enum_IsItsWireString_BothWays(Enum value, string wire)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), EvalstoreJson.Options);
        Assert.Equal($"\"{wire}\"", json);
        Assert.Equal(value, System.Text.Json.JsonSerializer.Deserialize(json, value.GetType(), EvalstoreJson.Options));
        var name = typeof(WireNames).GetMethod(nameof(WireNames.Of))!.MakeGenericMethod(value.GetType()).Invoke(null, [value]);
        Assert.Equal(wire, name);
    }

    [Fact]
    public void GateCheck_SerializesItsEnumsAsBefore()
    {
        var check = new GateCheck { Name = "n", Kind = GateCheckKind.Regression, Status = GateStatus.Inconclusive, Message = "m" };
        Assert.Equal("""{"name":"n","kind":"regression","status":"inconclusive","message":"m"}""", EvalstoreJson.Serialize(check));
    }
}
