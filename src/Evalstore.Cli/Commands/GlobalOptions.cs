using System.CommandLine;
using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Analysis;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;

namespace Evalstore.Cli.Commands;

/// <summary>Options every verb understands: where the data is and who is asking.</summary>
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

    public static readonly Option<string?> Postgres = new("--postgres")
    {
        Description =
            "PostgreSQL connection string to open directly, e.g. \"Host=db;Database=evalstore;Username=evalstore\" (default: " +
            "$EVALSTORE_POSTGRES).",
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

    // No global --format: each verb has its own, listing only what it writes (see OutputFormat).
    public static IEnumerable<Option> All => [Db, Postgres, Server, ApiKey, Workspace];

    public static string WorkspaceOf(ParseResult parse) =>
        Names.Workspace(parse.GetValue(Workspace) ?? Environment.GetEnvironmentVariable("EVALSTORE_WORKSPACE") ?? Names.DefaultWorkspace);

    public static string? ServerOf(ParseResult parse) =>
        parse.GetValue(Server) ?? (Environment.GetEnvironmentVariable("EVALSTORE_URL") is { Length: > 0 } url ? url : null);

    public static string DatabaseOf(ParseResult parse) =>
        parse.GetValue(Db) ?? (Environment.GetEnvironmentVariable("EVALSTORE_DB") is { Length: > 0 } db ? db : DefaultDatabase);

    public static string? PostgresOf(ParseResult parse) =>
        parse.GetValue(Postgres) ?? (Environment.GetEnvironmentVariable("EVALSTORE_POSTGRES") is { Length: > 0 } pg ? pg : null);

    /// <summary>
    /// Opens the store the options point at: a server when a URL is given, PostgreSQL when a connection string is,
    /// else the local database file. Naming two places (options or their environment variables) is an error.
    /// </summary>
    public static async Task<IEvalStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var postgres = PostgresOf(parse);
        if (ServerOf(parse) is { } server)
        {
            if (parse.GetValue(Db) is not null)
            {
                throw EvalstoreException.BadRequest("Give either --server or --db, not both.");
            }
            if (postgres is not null)
            {
                throw EvalstoreException.BadRequest(
                    "Give either --server or --postgres, not both (check EVALSTORE_URL and EVALSTORE_POSTGRES).");
            }
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw EvalstoreException.BadRequest($"--server '{server}' is not an http(s) URL.");
            }
            var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("EVALSTORE_API_KEY");
            return new EvalstoreClient(uri, key);
        }
        return await OpenDatabaseAsync(parse, cancellationToken);
    }

    /// <summary>
    /// Compare and leaderboard over a store <see cref="OpenStoreAsync"/> opened: a server answers them itself (the client
    /// asks it), a local database is analysed here by the same service the server runs.
    /// </summary>
    public static IEvalAnalysis AnalysisOf(IEvalStore store) => store switch
    {
        EvalstoreClient client => client,
        IServerStore database => new EvalAnalysis(database),
        _ => throw new ArgumentException($"No analysis for a {store.GetType().Name}.", nameof(store)),
    };

    /// <summary>Opens the database the options point at (for verbs that need one, such as serve): PostgreSQL or a SQLite file.</summary>
    public static async Task<IServerStore> OpenDatabaseAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (PostgresOf(parse) is { } postgres)
        {
            if (parse.GetValue(Db) is not null)
            {
                throw EvalstoreException.BadRequest("Give either --postgres or --db, not both (check EVALSTORE_POSTGRES).");
            }
            return await PostgresStore.OpenAsync(postgres, cancellationToken);
        }
        return await SqliteStore.OpenAsync(DatabaseOf(parse), cancellationToken);
    }

    /// <summary>Where a database store keeps its data, for messages.</summary>
    public static string Describe(IServerStore store) => store switch
    {
        SqliteStore sqlite => sqlite.DatabasePath,
        PostgresStore postgres => postgres.DisplayName,
        _ => store.GetType().Name,
    };
}
