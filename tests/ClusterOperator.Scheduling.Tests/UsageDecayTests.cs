using Xunit;

namespace ClusterOperator.Scheduling.Tests;

/// <summary>Rule 3: decayed usage.</summary>
public sealed class UsageDecayTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(24);

    [Fact]
    public void Usage_halves_after_one_half_life_without_GPUs()
    {
        Assert.Equal(500.0, UsageDecay.Advance(1000, 0, HalfLife, HalfLife), 9);
    }

    [Fact]
    public void Holding_GPUs_forever_converges_to_that_many_GPUs()
    {
        var usage = 0.0;
        for (var day = 0; day < 60; day++)
        {
            usage = UsageDecay.Advance(usage, 8, TimeSpan.FromDays(1), HalfLife);
        }

        Assert.Equal(8.0, UsageDecay.ToGpus(usage, HalfLife), 6);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_step_size()
    {
        var oneStep = UsageDecay.Advance(3600, 4, TimeSpan.FromHours(2), HalfLife);
        var manySteps = 3600.0;
        for (var minute = 0; minute < 120; minute++)
        {
            manySteps = UsageDecay.Advance(manySteps, 4, TimeSpan.FromMinutes(1), HalfLife);
        }

        Assert.Equal(oneStep, manySteps, 6);
    }

    [Fact]
    public void Short_steps_charge_about_GPUs_times_seconds()
    {
        Assert.Equal(80.0, UsageDecay.Advance(0, 8, TimeSpan.FromSeconds(10), HalfLife), 2);
    }

    [Fact]
    public void A_zero_half_life_keeps_no_memory_and_no_time_changes_nothing()
    {
        Assert.Equal(0.0, UsageDecay.Advance(1000, 8, TimeSpan.FromHours(1), TimeSpan.Zero));
        Assert.Equal(1000.0, UsageDecay.Advance(1000, 8, TimeSpan.Zero, HalfLife));
    }
}
