using System.Security.Cryptography;

namespace Evalstore.Core.Ingest;

/// <summary>
/// A read-only view of a stream that feeds every byte read through SHA-256 as it passes: the hash of a request body
/// costs no second buffer and no second read. Read it from one reader at a time.
/// </summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _hash;

    /// <summary>
    /// Reads whatever the consumer left unread, then returns the SHA-256 of every byte of the stream. Call it once the
    /// consumer is done; later calls return the same hash.
    /// </summary>
    public async ValueTask<byte[]> FinishAsync(CancellationToken cancellationToken)
    {
        if (_hash is null)
        {
            var rest = new byte[16 * 1024];
            while (await ReadAsync(rest, cancellationToken) > 0)
            {
            }
            _hash = _sha256.GetHashAndReset();
        }
        return _hash;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _sha256.AppendData(buffer.Span[..read]);
        return read;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _sha256.AppendData(buffer, offset, read);
        return read;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }
        base.Dispose(disposing);
    }
}
