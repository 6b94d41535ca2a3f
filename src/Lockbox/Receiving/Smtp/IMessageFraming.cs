namespace Lockbox.Receiving.Smtp;

/// <summary>What reading a message's bytes found out about them, whether they came by DATA
/// (<see cref="DataDecoder"/>) or by BDAT chunks (<see cref="ChunkScanner"/>).</summary>
internal interface IMessageFraming
{
    /// <summary>Message bytes so far, as the sender meant them.</summary>
    long Size { get; }

    /// <summary>True if any CR or LF stood alone.</summary>
    bool SawBareLineEnding { get; }

    /// <summary>True if a line (without CRLF) was longer than the limit.</summary>
    bool SawLongLine { get; }
}
