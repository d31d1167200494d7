using System.CommandLine;
using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Sqlite;

namespace Evalstore.Cli;

/// <summary>Options every verb understands: where the data is, who is asking, and how to print.</summary>
internal static class GlobalOptions
{
    public const string DefaultDatabase = "evalstore.db";

    public static readonly Option<string?> Db = new("--db")
    {
        Description = $"SQLite database file to open directly (default: $EVALSTORE_DB or ./{DefaultDatabase}).",
        Recursive = true,
    };

    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Server URL to talk to instead of a local file (default: $EVALSTORE_URL).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key for the server (default: $EVALSTORE_API_KEY).",
        Recursive = true,
    };

    public static readonly Option<string?> Workspace = new("--workspace", "-w")
    {
        Description = "Workspace (default: $EVALSTORE_WORKSPACE or 'default').",
        Recursive = true,
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "Output format: table, json or jsonl.",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public static IEnumerable<Option> All => [Db, Server, ApiKey, Workspace, Format];

    static GlobalOptions() => Format.AcceptOnlyFromAmong("table", "json", "jsonl", "csv", "xlsx", "markdown");

    public static string WorkspaceOf(ParseResult parse) =>
        Names.Workspace(parse.GetValue(Workspace) ?? Environment.GetEnvironmentVariable("EVALSTORE_WORKSPACE") ?? Names.DefaultWorkspace);

    public static string FormatOf(ParseResult parse) => parse.GetValue(Format) ?? "table";

    public static string? ServerOf(ParseResult parse) =>
        parse.GetValue(Server) ?? (Environment.GetEnvironmentVariable("EVALSTORE_URL") is { Length: > 0 } url ? url : null);

    public static string DatabaseOf(ParseResult parse) =>
        parse.GetValue(Db) ?? (Environment.GetEnvironmentVariable("EVALSTORE_DB") is { Length: > 0 } db ? db : DefaultDatabase);

    /// <summary>Opens the store the options point at: a server when a URL is given, else the local database file.</summary>
    public static async Task<IEvalStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (ServerOf(parse) is { } server)
        {
            if (parse.GetValue(Db) is not null)
            {
                throw EvalstoreException.BadRequest("Give either --server or --db, not both.");
            }
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw EvalstoreException.BadRequest($"--server '{server}' is not an http(s) URL.");
            }
            var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("EVALSTORE_API_KEY");
            return new EvalstoreClient(uri, key);
        }
        return await SqliteStore.OpenAsync(DatabaseOf(parse), cancellationToken);
    }
}
