namespace ClusterOperator.Runtime.Tests.Support;

public static class Eventually
{
    /// <summary>Waits (in real time) until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task True(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met in time{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(10);
        }
    }
}
