using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

/// <summary>Shared assertions: filters compare by their canonical JSON, errors by status and message fragments.</summary>
internal static class FilterAssert
{
    /// <summary>Asserts the filter's canonical JSON (records compare lists by reference, so structural equality is useless).</summary>
    public static void Canonical(string expectedJson, FilterExpr actual) => Assert.Equal(expectedJson, FilterJson.ToJson(actual));

    /// <summary>Asserts a 400 whose detail contains every fragment, and returns it for further checks.</summary>
    public static EvalstoreException BadRequest(Action action, params string[] fragments)
    {
        var error = Assert.Throws<EvalstoreException>(action);
        Assert.Equal(400, error.Status);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, error.Detail, StringComparison.Ordinal);
        }
        return error;
    }
}
