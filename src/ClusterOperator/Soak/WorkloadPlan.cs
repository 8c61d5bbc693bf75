using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// The soak's workload, drawn from a seeded generator: the same seed and size give the same plan, so a violation
/// found once can be replayed. Half the runs are gangs, a fifth elastic, the rest ideas, from four owners;
/// about one run in eight fails (non-zero exit) and one in eight times out (maxRuntime or maxDuration).
/// </summary>
internal static class WorkloadPlan
{
    public static readonly IReadOnlyList<string> Owners = ["alice", "bob", "carol", "dave"];

    public static IReadOnlyList<PlannedRun> Create(int seed, int runs, double arrivalSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        var random = new Random(seed);
        var plan = new List<PlannedRun>(runs);
        for (var i = 0; i < runs; i++)
        {
            var arrival = Math.Round(random.NextDouble() * arrivalSeconds, 2);
            var owner = Owners[random.Next(Owners.Count)];
            var roll = random.NextDouble();
            var kind = roll < 0.5 ? RunKind.Training : roll < 0.7 ? RunKind.Elastic : RunKind.Idea;
            var outcome = random.NextDouble();
            var runSeconds = random.Next(4, 21);
            var exitCode = 0;
            int? timeout = null;
            if (outcome < 0.125)
            {
                exitCode = 1 + random.Next(2);
            }
            else if (outcome < 0.25)
            {
                // Far above the limit, so the run times out whatever preemptions and restarts it goes through.
                timeout = random.Next(3, 6);
                runSeconds = timeout.Value * 6;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"soak-{i:D4}");
            plan.Add(kind switch
            {
                RunKind.Training => Gang(name, owner, arrival, random, runSeconds, exitCode, timeout),
                RunKind.Elastic => Elastic(name, owner, arrival, random, runSeconds, exitCode, timeout),
                _ => Idea(name, owner, arrival, random, runSeconds, exitCode, timeout),
            });
        }

        return [.. plan.OrderBy(r => r.ArrivalSeconds).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    private static PlannedRun Gang(string name, string owner, double arrival, Random random, int runSeconds, int exitCode, int? timeout)
    {
        var replicas = random.Next(1, 4);
        var gpus = new[] { 1, 2, 4 }[random.Next(3)];
        return new PlannedRun(name, RunKind.Training, owner, arrival, replicas, replicas, gpus, runSeconds, exitCode, timeout);
    }

    private static PlannedRun Idea(string name, string owner, double arrival, Random random, int runSeconds, int exitCode, int? timeout)
    {
        var variants = random.Next(1, 4);
        return new PlannedRun(name, RunKind.Idea, owner, arrival, variants, variants, random.Next(1, 3), runSeconds, exitCode, timeout);
    }

    private static PlannedRun Elastic(string name, string owner, double arrival, Random random, int runSeconds, int exitCode, int? timeout)
    {
        var min = random.Next(1, 3);
        return new PlannedRun(name, RunKind.Elastic, owner, arrival, min + random.Next(1, 3), min, random.Next(1, 3), runSeconds, exitCode, timeout);
    }
}
