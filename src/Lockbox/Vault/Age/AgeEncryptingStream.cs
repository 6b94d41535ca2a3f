using System.Security.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// Write-only stream sealing its input as the age payload (spec "Payload"), one 64 KiB
/// chunk at a time; memory use is constant whatever the length.
/// </summary>
/// <remarks>
/// The final chunk is written exactly once: by <see cref="CompleteAsync"/>, or else by
/// dispose. If a write to this stream failed, dispose does not complete the payload, so the
/// file stays detectably truncated. A caller whose <em>source</em> can fail midway should
/// call <see cref="CompleteAsync"/> only after the source is fully read and delete the
/// output otherwise: a dispose on the error path would seal a truncated plaintext as a
/// valid file.
/// </remarks>
public sealed class AgeEncryptingStream : Stream
{
    private readonly Stream output;

    private readonly bool leaveOpen;

    private readonly ChaCha20Poly1305 payloadCipher;

    private readonly byte[] plain = new byte[AgePayload.ChunkSize];

    private readonly byte[] sealedChunk = new byte[AgePayload.SealedChunkSize];

    // a full chunk is held back until more data arrives: only then is it known not to be last
    private int filled;

    private ulong counter;

    private bool completed;

    private bool faulted;

    private bool disposed;

    internal AgeEncryptingStream(Stream output, ChaCha20Poly1305 payloadCipher, bool leaveOpen)
    {
        this.output = output;
        this.payloadCipher = payloadCipher;
        this.leaveOpen = leaveOpen;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !disposed && !completed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(
        ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        try
        {
            while (!buffer.IsEmpty)
            {
                if (filled == AgePayload.ChunkSize)
                    await output.WriteAsync(SealChunk(last: false), cancellationToken);

                var take = Math.Min(buffer.Length, AgePayload.ChunkSize - filled);
                buffer.Span[..take].CopyTo(plain.AsSpan(filled));
                filled += take;
                buffer = buffer[take..];
            }
        }
        catch
        {
            // a half-written payload must never be completed into a valid-looking file
            faulted = true;
            throw;
        }
    }

    public override Task WriteAsync(
        byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Seals and writes the final chunk, then flushes. Idempotent.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (completed)
            return;
        if (faulted)
        {
            throw new InvalidOperationException(
                "A write failed or the payload was abandoned; it cannot be completed.");
        }

        completed = true;
        await output.WriteAsync(SealChunk(last: true), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Gives up on the payload: dispose will not write the final chunk, so readers reject the
    /// output as truncated. Call it on the error path; no effect after completion.
    /// </summary>
    public void Abandon()
    {
        if (!completed)
            faulted = true;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        output.FlushAsync(cancellationToken);

    public override void Flush() => output.Flush();

    public override async ValueTask DisposeAsync()
    {
        if (disposed)
            return;

        try
        {
            if (!faulted)
                await CompleteAsync(CancellationToken.None);
        }
        finally
        {
            disposed = true;
            Release();
            if (!leaveOpen)
                await output.DisposeAsync();
        }

        // our Dispose(bool) sees disposed and leaves the rest to Stream
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            try
            {
                if (!faulted)
                    CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                disposed = true;
                Release();
                if (!leaveOpen)
                    output.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private ReadOnlyMemory<byte> SealChunk(bool last)
    {
        Span<byte> nonce = stackalloc byte[12];
        AgePayload.ChunkNonce(counter, last, nonce);
        counter++;

        var length = filled + AgePayload.TagSize;
        payloadCipher.Encrypt(
            nonce,
            plain.AsSpan(0, filled),
            sealedChunk.AsSpan(0, filled),
            sealedChunk.AsSpan(filled, AgePayload.TagSize));
        filled = 0;
        return sealedChunk.AsMemory(0, length);
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (completed)
            throw new InvalidOperationException("The age payload is already complete.");
    }

    private void Release()
    {
        payloadCipher.Dispose();
        CryptographicOperations.ZeroMemory(plain);
    }
}
