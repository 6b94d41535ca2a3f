using NSec.Cryptography;

namespace Lockbox.Vault.Age;

/// <summary>
/// Read-only stream opening an age payload (spec "Payload") one 64 KiB chunk at a time.
/// </summary>
/// <remarks>
/// Each chunk is authenticated before any of its bytes are returned, but the file as a whole
/// is only known to be complete when a read returns 0: a truncated file throws
/// <see cref="AgeDecryptionException"/> at its end, so a consumer must not act on the
/// plaintext before then.
/// </remarks>
internal sealed class AgeDecryptingStream : Stream
{
    private readonly Stream input;

    private readonly bool leaveOpen;

    private readonly Key payloadKey;

    // one sealed chunk plus one byte of look-ahead, to learn whether the chunk is the last
    private readonly byte[] sealedChunk = new byte[AgePayload.SealedChunkSize + 1];

    private readonly byte[] plain = new byte[AgePayload.ChunkSize];

    private int buffered;

    private int plainOffset;

    private int plainLength;

    private ulong counter;

    private bool finished;

    private bool disposed;

    public AgeDecryptingStream(Stream input, Key payloadKey, bool leaveOpen)
    {
        this.input = input;
        this.payloadKey = payloadKey;
        this.leaveOpen = leaveOpen;
    }

    public override bool CanRead => !disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <exception cref="AgeDecryptionException">A chunk fails authentication or the payload
    /// ends without a valid final chunk.</exception>
    public override async ValueTask<int> ReadAsync(
        Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);

        while (plainOffset == plainLength)
        {
            if (finished || buffer.IsEmpty)
                return 0;
            await OpenNextChunkAsync(cancellationToken);
        }

        var take = Math.Min(buffer.Length, plainLength - plainOffset);
        plain.AsMemory(plainOffset, take).CopyTo(buffer);
        plainOffset += take;
        return take;
    }

    public override Task<int> ReadAsync(
        byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            Release();
            if (!leaveOpen)
                await input.DisposeAsync();
        }

        // our Dispose(bool) sees disposed and leaves the rest to Stream
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            Release();
            if (!leaveOpen)
                input.Dispose();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException();

    private async Task OpenNextChunkAsync(CancellationToken cancellationToken)
    {
        // fill one sealed chunk and the look-ahead byte, or stop at end of file
        while (buffered < sealedChunk.Length)
        {
            var read = await input.ReadAsync(sealedChunk.AsMemory(buffered), cancellationToken);
            if (read == 0)
                break;
            buffered += read;
        }

        var last = buffered <= AgePayload.SealedChunkSize;
        var length = Math.Min(buffered, AgePayload.SealedChunkSize);
        if (length < AgePayload.TagSize)
            throw new AgeDecryptionException("The age payload is truncated: no final chunk.");

        // spec: the final chunk may be empty only when it is the whole payload
        if (last && length == AgePayload.TagSize && counter > 0)
            throw new AgeDecryptionException("The age payload ends with an empty chunk.");

        Span<byte> nonce = stackalloc byte[12];
        AgePayload.ChunkNonce(counter, last, nonce);
        var opened = AgePayload.Aead.Decrypt(
            payloadKey,
            nonce,
            ReadOnlySpan<byte>.Empty,
            sealedChunk.AsSpan(0, length),
            plain.AsSpan(0, length - AgePayload.TagSize));
        if (!opened)
        {
            throw new AgeDecryptionException(last
                ? $"Payload chunk {counter} failed authentication as the final chunk "
                    + "(altered or truncated)."
                : $"Payload chunk {counter} failed authentication (altered).");
        }

        plainOffset = 0;
        plainLength = length - AgePayload.TagSize;
        counter++;
        finished = last;

        // carry the look-ahead byte over as the start of the next chunk
        buffered -= length;
        if (buffered > 0)
            sealedChunk[0] = sealedChunk[AgePayload.SealedChunkSize];
    }

    private void Release()
    {
        payloadKey.Dispose();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
    }
}
