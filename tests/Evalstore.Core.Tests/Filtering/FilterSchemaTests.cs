using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class FilterSchemaTests
{
    private static readonly FilterSchema s_schema = FilterSchema.Results;

    [Fact]
    public void ResultsSchemaHasTheDocumentedFields()
    {
        Assert.Equal(
            new[] { "name", "project", "kind", "status", "model", "dataset", "metric", "benchmark", "evaluation", "created_at",
                "updated_at", "id" },
            s_schema.Fields.Keys);
        Assert.Equal(FilterFieldType.DateTime, s_schema.Fields["created_at"]);
        Assert.Equal(FilterFieldType.DateTime, s_schema.Fields["updated_at"]);
        Assert.Equal(10, s_schema.Fields.Values.Count(t => t == FilterFieldType.Text));
        Assert.Equal("labels.", s_schema.WildcardPrefix);
    }

    [Theory]
    [InlineData("name", true, FilterFieldType.Text)]
    [InlineData("created_at", true, FilterFieldType.DateTime)]
    [InlineData("labels.team", true, FilterFieldType.Text)]
    [InlineData("labels.a.b c", true, FilterFieldType.Text)]
    [InlineData("labels.", false, FilterFieldType.Text)]
    [InlineData("labels", false, FilterFieldType.Text)]
    [InlineData("Name", false, FilterFieldType.Text)]
    [InlineData("label.team", false, FilterFieldType.Text)]
    [InlineData("labels.a\"b", false, FilterFieldType.Text)]
    public void FieldTypesResolve(string field, bool known, FilterFieldType type)
    {
        Assert.Equal(known, s_schema.TryGetFieldType(field, out var actual));
        if (known)
        {
            Assert.Equal(type, actual);
        }
    }

    [Fact]
    public void ValidateReturnsTheSameExpression()
    {
        var expr = FilterParser.Parse("""name:x AND labels.team~n AND created_at IN ["2025-01-01", "2025-01-02T03:04:05Z"]""");
        Assert.Same(expr, s_schema.Validate(expr));
    }

    [Fact]
    public void UnknownFieldListsAllowedFields()
    {
        var error = FilterAssert.BadRequest(() => FilterParser.Parse("""{"$or":[{"name":"a"},{"owner":"b"}]}""", s_schema),
            "Unknown filter field 'owner'. Allowed fields: name, project, kind, status, model, dataset, metric, benchmark, evaluation, "
            + "created_at, updated_at, id, labels.<key>.");
        Assert.Equal(s_schema.AllowedFields, error.Extensions["allowed_fields"]);
    }

    [Theory]
    [InlineData("labels:x", "Unknown filter field 'labels'")]
    [InlineData("'labels.':x", "Unknown filter field 'labels.'")]
    [InlineData("""'labels.a\"b':x""",
        "Invalid filter field 'labels.a\"b': a key may not contain double quotes, backslashes or control characters.")]
    [InlineData("Name:x", "Unknown filter field 'Name'")]
    public void FieldNamesAreCheckedExactly(string text, string fragment)
    {
        FilterAssert.BadRequest(() => FilterParser.Parse(text, s_schema), fragment);
    }

    [Fact]
    public void LikeOnADateTimeIsRejected()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("created_at~2025", s_schema),
            "Operator $like cannot be used on 'created_at', a date-time field; use $eq, $lt, $lte, $gt, $gte, $in or $nin.");
    }

    [Theory]
    [InlineData("2025-01-01", "2025-01-01T00:00:00.0000000+00:00")]
    [InlineData("2025-01-01T10:30", "2025-01-01T10:30:00.0000000+00:00")]
    [InlineData("2025-01-01T10:30:15", "2025-01-01T10:30:15.0000000+00:00")]
    [InlineData("2025-01-01 10:30:15", "2025-01-01T10:30:15.0000000+00:00")]
    [InlineData("2025-01-01T10:30:15.25", "2025-01-01T10:30:15.2500000+00:00")]
    [InlineData("2025-01-01T10:30:15Z", "2025-01-01T10:30:15.0000000+00:00")]
    [InlineData("2025-01-01T10:30:15.1234567Z", "2025-01-01T10:30:15.1234567+00:00")]
    [InlineData("2025-01-01T10:30:15+02:00", "2025-01-01T08:30:15.0000000+00:00")]
    [InlineData("2025-01-01T01:00:00-05:30", "2025-01-01T06:30:00.0000000+00:00")]
    [InlineData("2025-01-01T10:30+02:00", "2025-01-01T08:30:00.0000000+00:00")]
    public void IsoDatesAndDateTimesAreAcceptedAsUtcInstants(string text, string utc)
    {
        s_schema.Validate(FilterParser.Parse($"created_at>\"{text}\""));
        Assert.True(FilterDateTime.TryParse(text, out var instant));
        Assert.Equal(TimeSpan.Zero, instant.Offset);
        Assert.Equal(utc, instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30")]
    [InlineData("01/02/2025")]
    [InlineData("2025-1-1")]
    [InlineData("2025-01-01T25:00")]
    [InlineData("2025-01-01T10:30:15 UTC")]
    [InlineData("")]
    public void UnparsableDateTimesAreRejected(string text)
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("{\"updated_at\":{\"$in\":[\"2025-01-01\",\"" + text + "\"]}}", s_schema),
            $"'{text}' is not a valid value for 'updated_at': expected an ISO 8601 date or date-time such as 2025-01-01, "
            + "2025-01-01T12:00:00, 2025-01-01T12:00:00Z or 2025-01-01T12:00:00+02:00 (UTC when no offset is given).");
    }

    [Fact]
    public void TextFieldsAcceptAnyValueAndEveryOperator()
    {
        foreach (var op in Enum.GetValues<FilterOperator>())
        {
            Assert.True(FilterSchema.Supports(FilterFieldType.Text, op));
            s_schema.Validate(new FieldFilter("labels.x", op, ["not a date"]));
        }
        Assert.False(FilterSchema.Supports(FilterFieldType.DateTime, FilterOperator.Like));
    }

    [Fact]
    public void ScalarOperatorsNeedExactlyOneValue()
    {
        FilterAssert.BadRequest(() => s_schema.Validate(new FieldFilter("name", FilterOperator.Eq, ["a", "b"])),
            "Operator $eq on 'name' takes exactly one value, not 2.");
        FilterAssert.BadRequest(() => s_schema.Validate(new NotFilter(new FieldFilter("name", FilterOperator.Gt, []))),
            "Operator $gt on 'name' takes exactly one value, not 0.");
    }

    [Fact]
    public void CustomSchemaWithoutWildcard()
    {
        var schema = new FilterSchema([new("title", FilterFieldType.Text), new("at", FilterFieldType.DateTime)]);
        Assert.Equal("title, at", schema.AllowedFields);
        schema.Validate(FilterParser.Parse("title:x AND at<2025-01-01"));
        FilterAssert.BadRequest(() => schema.Validate(FilterParser.Parse("labels.x:y")), "Allowed fields: title, at.");
    }
}
