namespace Lockbox.Receiving.Smtp;

/// <summary>What reading one command line gave.</summary>
internal enum LineStatus
{
    /// <summary>A line ending in CRLF, decoded; <see cref="CommandLine.Text"/> holds it.</summary>
    Complete,

    /// <summary>Longer than the limit; everything up to the next LF was discarded.</summary>
    TooLong,

    /// <summary>Ended in a bare LF (RFC 5321 §2.3.8 allows only CRLF).</summary>
    BareLineEnding,

    /// <summary>Not valid UTF-8.</summary>
    Undecodable,

    /// <summary>The client closed the connection.</summary>
    Closed,

    /// <summary>The read was canceled: timeout or shutdown.</summary>
    Canceled,
}

/// <summary>One command line without its CRLF.</summary>
internal readonly record struct CommandLine(LineStatus Status, string Text = "");
