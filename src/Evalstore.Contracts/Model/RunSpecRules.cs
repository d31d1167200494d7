namespace Evalstore.Core.Model;

/// <summary>Checks a run spec before anything is written, so that every store rejects the same things the same way.</summary>
public static class RunSpecRules
{
    /// <summary>Returns the spec with defaults applied, or throws a 400 naming the problem.</summary>
    public static RunSpec Normalize(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = Names.Result(spec.Name);
        foreach (var declaration in spec.Metrics ?? [])
        {
            if (string.IsNullOrEmpty(declaration.Metric))
            {
                throw EvalstoreException.BadRequest("Every metric declaration needs a 'metric' key.");
            }
            var levels = declaration.Rubric ?? [];
            if (declaration.Type == ScoreType.Rubric && levels.Count == 0)
            {
                throw EvalstoreException.BadRequest($"Metric '{declaration.Metric}' is declared rubric but has no 'rubric' levels.");
            }
            if (levels.Count > 0 && declaration.Type is not (null or ScoreType.Rubric))
            {
                throw EvalstoreException.BadRequest($"Metric '{declaration.Metric}' has rubric levels but is declared {declaration.Type}.");
            }
            var duplicate = levels.GroupBy(l => l.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw EvalstoreException.BadRequest($"Metric '{declaration.Metric}' declares rubric level '{duplicate.Key}' twice.");
            }
            if (levels.Any(l => !double.IsFinite(l.Value) || string.IsNullOrEmpty(l.Label)))
            {
                throw EvalstoreException.BadRequest(
                    $"Metric '{declaration.Metric}' has a rubric level without a label or with a non-finite value.");
            }
            CheckBounds(declaration);
        }
        if (spec.StarMetric is { } star && (string.IsNullOrEmpty(star.Metric) || !double.IsFinite(star.Threshold)))
        {
            throw EvalstoreException.BadRequest("'star_metric' needs a 'metric' and a finite 'threshold'.");
        }
        var metrics = (spec.Metrics ?? []).Select(
            d => d.Type is null && d.Rubric is { Count: > 0 } ? d with { Type = ScoreType.Rubric } : d).ToList();
        return spec with
        {
            Name = name,
            Project = Names.Project(spec.Project),
            Kind = spec.Kind ?? ResultKind.Metric,
            Metrics = metrics,
        };
    }

    private static void CheckBounds(MetricDeclaration declaration)
    {
        if (declaration.Min is null && declaration.Max is null)
        {
            return;
        }
        if (declaration.Type is ScoreType.Text or ScoreType.Rubric || declaration.Rubric is { Count: > 0 })
        {
            throw EvalstoreException.BadRequest(
                $"Metric '{declaration.Metric}': 'min'/'max' bound a number score; rubric levels already fix a rubric's range.");
        }
        if (declaration.Min is { } min && !double.IsFinite(min) || declaration.Max is { } max && !double.IsFinite(max)
            || declaration.Min >= declaration.Max)
        {
            throw EvalstoreException.BadRequest($"Metric '{declaration.Metric}': 'min' and 'max' must be finite with min < max.");
        }
    }
}
