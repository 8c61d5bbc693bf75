using ClusterOperator.Runtime.Queueing;

namespace ClusterOperator.Runtime.Tests.Queueing;

public sealed class ItemBackoffTests
{
    [Fact]
    public void Delay_doubles_per_failure_and_stops_at_the_cap_even_after_many_failures()
    {
        var backoff = new ItemBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.Next("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), backoff.Next("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), backoff.Next("a"));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(backoff.Next("a") <= TimeSpan.FromMinutes(1));
        }

        Assert.Equal(TimeSpan.FromMinutes(1), backoff.Next("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.Next("b"));
    }
}
