using Lockbox.Receiving;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault;

/// <summary>Turns a storage exception into the reply class the sender needs.</summary>
public static class StorageFailures
{
    private const int NoSpaceErrno = 28;          // ENOSPC
    private const int QuotaErrno = 122;           // EDQUOT
    private const int SqliteFull = 13;            // SQLITE_FULL

    public static StoreResult Classify(Exception exception) =>
        IsDiskFull(exception) ? StoreResult.DiskFull : StoreResult.TemporaryFailure;

    public static bool IsDiskFull(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode == SqliteFull:
                    return true;
                case IOException io when io.HResult is NoSpaceErrno or QuotaErrno
                    || io.Message.Contains("No space left", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }
}
