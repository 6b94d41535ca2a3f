using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace Lockbox.Receiving.Tls;

/// <summary>
/// The STARTTLS certificate, read from its PEM files and read again whenever either file's
/// modification time or length changes, so a renewed certificate is served from the next
/// session on without a restart. Checking costs two <c>stat</c> calls, at most once per
/// <see cref="CheckInterval"/> however many sessions ask; parsing happens only on a change. A
/// renewal caught half-written keeps the previous certificate until the files are whole again.
/// </summary>
public sealed partial class CertificateFiles(
    string certificatePath, string keyPath, ILogger<CertificateFiles> logger,
    TimeProvider? time = null)
{
    /// <summary>How long a look at the files is trusted.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private Stamp _loadedStamp;
    private Stamp _failedStamp;
    private long _checkedAt;
    private bool _checked;
    private SslStreamCertificateContext? _current;

    /// <summary>The certificate to serve now; null if none could ever be loaded.</summary>
    public SslStreamCertificateContext? Current()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_checked && _time.GetElapsedTime(_checkedAt, now) < CheckInterval)
            {
                return _current;
            }

            _checked = true;
            _checkedAt = now;
            var stamp = Stamp.Of(certificatePath, keyPath);
            if (stamp == _loadedStamp && _current is not null || stamp == _failedStamp)
            {
                return _current;
            }

            try
            {
                // sessions still holding the previous certificate keep using it; it is left
                // to the garbage collector rather than disposed under them
                _current = PemCertificate.LoadContext(certificatePath, keyPath);
                _loadedStamp = stamp;
                Loaded(logger, _current.TargetCertificate.NotAfter.ToUniversalTime(),
                    _current.IntermediateCertificates.Count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException
                or System.Security.Cryptography.CryptographicException)
            {
                _failedStamp = stamp;
                LoadFailed(logger, e.GetType().Name, _current is not null);
            }

            return _current;
        }
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information,
        Message = "TLS certificate loaded: valid until {NotAfter:u}, "
            + "{Intermediates} intermediates")]
    private static partial void Loaded(ILogger logger, DateTime notAfter, int intermediates);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error,
        Message = "TLS certificate files could not be loaded ({ErrorType}); "
            + "keeping the previous certificate: {KeptPrevious}")]
    private static partial void LoadFailed(ILogger logger, string errorType, bool keptPrevious);

    private readonly record struct Stamp(long CertTicks, long CertLength, long KeyTicks,
        long KeyLength)
    {
        public static Stamp Of(string certificatePath, string keyPath)
        {
            var certificate = new FileInfo(certificatePath);
            var key = new FileInfo(keyPath);
            return new Stamp(Ticks(certificate), Length(certificate), Ticks(key), Length(key));
        }

        private static long Ticks(FileInfo file) =>
            file.Exists ? file.LastWriteTimeUtc.Ticks : -1;

        private static long Length(FileInfo file) => file.Exists ? file.Length : -1;
    }
}
