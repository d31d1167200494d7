namespace Evalstore.Core.Model;

/// <summary>An API key as listed: never its secret, only a recognisable prefix.</summary>
public sealed record ApiKeyInfo
{
    /// <summary>Key id (used to revoke it).</summary>
    public required string Id { get; init; }
    /// <summary>The only workspace this key can see.</summary>
    public required string Workspace { get; init; }
    /// <summary>What the key may do.</summary>
    public required KeyRole Role { get; init; }
    /// <summary>First characters of the secret, to recognise it.</summary>
    public required string Prefix { get; init; }
    /// <summary>Free text, e.g. who holds the key.</summary>
    public string? Description { get; init; }
    /// <summary>Creation time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When revoked; a revoked key is refused.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A newly created key: the secret is shown once and stored only as a hash.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);
