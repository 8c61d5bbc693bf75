using ClusterOperator.Runtime.Resilience;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>A write gate the test opens and closes by hand.</summary>
public sealed class TestGate : IWriteGate, IDisposable
{
    private CancellationTokenSource _term = new();

    public bool IsOpen { get; private set; } = true;

    public CancellationToken Token => IsOpen ? _term.Token : new CancellationToken(canceled: true);

    public void Close()
    {
        IsOpen = false;
        _term.Cancel();
    }

    public void Open()
    {
        _term = new CancellationTokenSource();
        IsOpen = true;
    }

    public void Dispose() => _term.Dispose();
}
