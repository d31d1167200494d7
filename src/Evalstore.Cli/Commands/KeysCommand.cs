using System.CommandLine;
using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore keys create|list|revoke</c>: API keys per workspace.</summary>
internal static class KeysCommand
{
    private static readonly Option<string> s_role = new("--role") { Description = "read, write or admin.", Required = true };
    private static readonly Option<string?> s_description = new("--description") { Description = "Who or what holds the key." };
    private static readonly Option<string?> s_createFormat = OutputFormat.Create("keys create", ["table", "json"]);
    private static readonly Option<string?> s_listFormat = OutputFormat.Create("keys list", ["table", "json"]);
    private static readonly Argument<string> s_id = new("id") { Description = "Key id (key_…)." };

    public static Command Create(CliConsole console)
    {
        var create = new Command("create", "Create an API key; its secret is printed once.") { s_role, s_description, s_createFormat };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var roleText = parse.GetValue(s_role)!;
            if (!Enum.TryParse<KeyRole>(roleText, ignoreCase: true, out var role))
            {
                throw EvalstoreException.BadRequest($"--role '{roleText}': use read, write or admin.");
            }
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var created = await store.CreateKeyAsync(GlobalOptions.WorkspaceOf(parse), role, parse.GetValue(s_description),
                cancellationToken);
            if (parse.GetValue(s_createFormat) == "json")
            {
                Render.Json(console, created);
            }
            else
            {
                console.Data.WriteLine(created.Secret);
                console.Note(
                    $"Created {created.Key.Role.ToString().ToLowerInvariant()} key {created.Key.Id} for workspace " +
                    $"'{created.Key.Workspace}'. " +
                    "The secret above is shown only once; store it now.");
            }
            return ExitCodes.Success;
        });

        var list = new Command("list", "List the workspace's API keys (without secrets).") { s_listFormat };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var keys = await store.ListKeysAsync(GlobalOptions.WorkspaceOf(parse), cancellationToken);
            if (parse.GetValue(s_listFormat) == "json")
            {
                Render.Json(console, keys);
                return ExitCodes.Success;
            }
            var table = Render.Table("id", "workspace", "role", "prefix", "description", "created", "revoked");
            foreach (var key in keys)
            {
                table.AddRow(new[] { key.Id, key.Workspace, key.Role.ToString().ToLowerInvariant(), key.Prefix + "…",
                    key.Description ?? "",
                    key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                        key.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "" }
                    .Select(v => new Markup(Markup.Escape(v))).ToArray());
            }
            console.Out.Write(table);
            return ExitCodes.Success;
        });

        var revoke = new Command("revoke", "Revoke an API key.") { s_id };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var id = parse.GetValue(s_id)!;
            if (!await store.RevokeKeyAsync(GlobalOptions.WorkspaceOf(parse), id, cancellationToken))
            {
                throw EvalstoreException.NotFound($"No live key '{id}' in workspace '{GlobalOptions.WorkspaceOf(parse)}'.");
            }
            console.Note($"Revoked key {id}.");
            return ExitCodes.Success;
        });

        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }
}
