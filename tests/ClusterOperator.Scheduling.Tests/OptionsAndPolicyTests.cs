using Xunit;

namespace ClusterOperator.Scheduling.Tests;

public sealed class OptionsAndPolicyTests
{
    [Fact]
    public void Options_have_the_documented_defaults()
    {
        var options = new FairShareOptions();

        Assert.Empty(options.Weights);
        Assert.Equal(TimeSpan.FromHours(24), options.UsageHalfLife);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MinRuntime);
        Assert.Equal(TimeSpan.FromSeconds(60), options.DefaultGracePeriod);
        Assert.Equal(2, options.IdeaGuaranteeGpus);
        Assert.Equal(8, options.IdeaMaxGpus);
        Assert.Equal(TimeSpan.FromHours(2), options.IdeaDefaultDuration);
        Assert.Equal(TimeSpan.FromHours(8), options.IdeaMaxDuration);
        Assert.Equal(TimeSpan.FromMinutes(30), options.StarvationThreshold);
        Assert.Equal(1.1, options.ReclaimHysteresis);
    }

    [Fact]
    public void Idea_durations_default_and_are_capped()
    {
        var options = new FairShareOptions();

        Assert.Equal(TimeSpan.FromHours(2), options.EffectiveIdeaDuration(null));
        Assert.Equal(TimeSpan.FromMinutes(30), options.EffectiveIdeaDuration(TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.FromHours(8), options.EffectiveIdeaDuration(TimeSpan.FromHours(72)));
    }

    [Theory]
    [InlineData("fair-share", true, false)]
    [InlineData("FIFO", false, false)]
    [InlineData("strict-quota", false, true)]
    [InlineData(" drf-no-preemption ", false, false)]
    public void Policies_are_found_by_name(string name, bool reclaim, bool neverBorrow)
    {
        Assert.True(SchedulingPolicy.TryParse(name, out var policy));
        Assert.Equal(reclaim, policy.Reclaim);
        Assert.Equal(neverBorrow, policy.NeverBorrow);
    }

    [Fact]
    public void Unknown_policy_names_are_refused()
    {
        Assert.False(SchedulingPolicy.TryParse("round-robin", out _));
    }
}
