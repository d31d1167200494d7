namespace Evalstore.Core.Model;

/// <summary>How a score value was written in the row.</summary>
public enum ScoreValueKind : byte
{
    /// <summary>A JSON number.</summary>
    Number = 0,
    /// <summary>A JSON boolean (stored as 1 or 0).</summary>
    Boolean = 1,
    /// <summary>A string: a rubric label or free text.</summary>
    Label = 2,
    /// <summary>null, <c>"NaN"</c> or NaN: counted in <c>nan_count</c>, excluded from every other statistic.</summary>
    Nan = 3,
}

/// <summary>One score value as stored: its kind, its number (1/0 for booleans, the level value for rubric labels) and its label.</summary>
public readonly record struct ScoreValue(ScoreValueKind Kind, double Number, string? Label)
{
    /// <summary>The NaN value.</summary>
    public static readonly ScoreValue Nan = new(ScoreValueKind.Nan, double.NaN, null);

    /// <summary>A numeric value.</summary>
    public static ScoreValue Of(double number) => new(ScoreValueKind.Number, number, null);

    /// <summary>A boolean value.</summary>
    public static ScoreValue Of(bool passed) => new(ScoreValueKind.Boolean, passed ? 1 : 0, null);

    /// <summary>A label, with its rubric value when it has one (NaN otherwise).</summary>
    public static ScoreValue OfLabel(string label, double value = double.NaN) => new(ScoreValueKind.Label, value, label);

    /// <summary>True when the value takes part in numeric statistics.</summary>
    public bool HasNumber => Kind != ScoreValueKind.Nan && !double.IsNaN(Number);
}
