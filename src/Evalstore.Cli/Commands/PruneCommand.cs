using System.CommandLine;
using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore prune --older-than 90d [--keep-latest-per model,dataset] [--dry-run]</c>: retention.</summary>
internal static class PruneCommand
{
    private static readonly Option<string> s_olderThan = new("--older-than")
    {
        Description = "Prune finished results created longer ago than this: 90d, 12h, 30m or 2w.", Required = true,
    };
    private static readonly Option<string?> s_keepLatestPer = new("--keep-latest-per")
    {
        Description = "Keep the latest completed result of every combination of these fields: "
            + string.Join(", ", PruneRequest.GroupFields) + ".",
    };
    private static readonly Option<bool> s_dryRun = new("--dry-run") { Description = "Count what would be pruned; delete nothing." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("prune", "Delete old finished results in bounded transactions (retention).")
        {
            s_olderThan, s_keepLatestPer, s_dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var age = parse.GetValue(s_olderThan)!;
            var groups = PruneRequest.ParseGroups(parse.GetValue(s_keepLatestPer));
            var dryRun = parse.GetValue(s_dryRun);
            var workspace = GlobalOptions.WorkspaceOf(parse);
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var report = store switch
            {
                EvalstoreClient client => await client.PruneAsync(workspace, age, groups, dryRun, cancellationToken),
                IServerStore database => await database.PruneAsync(workspace, new PruneRequest
                {
                    Before = DateTimeOffset.UtcNow - PruneRequest.ParseAge(age), KeepLatestPer = groups, DryRun = dryRun,
                }, cancellationToken),
                _ => throw EvalstoreException.BadRequest("This store cannot prune."),
            };
            var kept = groups.Count == 0 ? "" : $", keeping the latest per {string.Join(" × ", groups)}";
            console.Note(report.DryRun
                ? $"Would prune {Plural.Of(report.Matched, "result")} created before {report.Before:u}{kept} (dry run)."
                : $"Pruned {Plural.Of(report.Deleted, "result")} created before {report.Before:u}{kept}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
