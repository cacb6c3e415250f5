namespace Crashdesk.TestSupport;

/// <summary>
/// A loopback relay a test takes down and brings back, as an outage of the server behind it: while down,
/// every relayed connection is reset at its next read in either direction and new ones are reset at once,
/// so a client sees what it sees when the server's host is unreachable (connection reset), for as long as the test says.
/// </summary>
public sealed class SwitchableRelay : LoopbackRelay
{
    private volatile bool _down;

    /// <summary>Relays to <paramref name="targetPort"/> on loopback, up.</summary>
    public SwitchableRelay(int targetPort)
        : base(targetPort) => Start();

    /// <summary>Whether the link is down.</summary>
    public bool IsDown => _down;

    /// <summary>Takes the link down: open connections are reset, new ones refused.</summary>
    public void TakeDown() => _down = true;

    /// <summary>Brings the link back.</summary>
    public void BringBack() => _down = false;

    /// <inheritdoc />
    protected override bool ResetOnEnd => true;

    /// <inheritdoc />
    protected override bool IsOpen => !_down;
}
