using System.Diagnostics;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Polls a condition that the sandbox's background controllers make true asynchronously.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        var clock = Stopwatch.StartNew();
        T value = await probe();
        while (!done(value))
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds}s waiting for {what}");
            }

            await Task.Delay(50);
            value = await probe();
        }

        return value;
    }

    public static Task IsTrueAsync(Func<Task<bool>> probe, string what, TimeSpan? within = null) =>
        ReturnsAsync(probe, done => done, what, within);
}
