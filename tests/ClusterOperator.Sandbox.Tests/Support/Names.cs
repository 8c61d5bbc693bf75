namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Unique names so tests sharing one sandbox never collide.</summary>
public static class Names
{
    private static int _counter;

    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
}
