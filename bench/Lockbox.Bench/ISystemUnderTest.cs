using System.Net;

namespace MailBench;

/// <summary>A mail setup being measured: where to send, to whom, where its alerts land, and
/// which processes are its.</summary>
internal interface ISystemUnderTest : IAsyncDisposable
{
    string Name { get; }

    IPEndPoint Smtp { get; }

    string Recipient { get; }

    AlertSink Sink { get; }

    ProcessTree Tree { get; }
}
