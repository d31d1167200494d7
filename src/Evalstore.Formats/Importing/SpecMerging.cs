using Evalstore.Core.Model;

namespace Evalstore.Formats.Importing;

/// <summary>Combines what a file says about a run with what the user said, and adds the source labels.</summary>
internal static class SpecMerging
{
    public static RunSpec Apply(RunSpec fromFile, RunSpec? overrides, ImportSource source, ImportFormat format)
    {
        var labels = new Dictionary<string, string>(fromFile.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in overrides?.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }
        labels[ImportSource.Sha256Label] = source.Sha256;
        labels[ImportSource.FileLabel] = source.Name;
        labels[ImportSource.FormatLabel] = ImportFormats.Name(format);
        if (overrides is null)
        {
            return fromFile with { Labels = labels };
        }
        return fromFile with
        {
            Name = string.IsNullOrEmpty(overrides.Name) ? fromFile.Name : overrides.Name,
            Project = overrides.Project ?? fromFile.Project,
            Kind = overrides.Kind ?? fromFile.Kind,
            Model = overrides.Model ?? fromFile.Model,
            Dataset = overrides.Dataset ?? fromFile.Dataset,
            Metric = overrides.Metric ?? fromFile.Metric,
            Benchmark = overrides.Benchmark ?? fromFile.Benchmark,
            Evaluation = overrides.Evaluation ?? fromFile.Evaluation,
            CreatedBy = overrides.CreatedBy ?? fromFile.CreatedBy,
            StarMetric = overrides.StarMetric ?? fromFile.StarMetric,
            ClusterKey = overrides.ClusterKey ?? fromFile.ClusterKey,
            Labels = labels,
        };
    }
}
