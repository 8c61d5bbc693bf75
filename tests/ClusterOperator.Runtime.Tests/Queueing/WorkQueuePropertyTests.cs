using ClusterOperator.Runtime.Queueing;
using CsCheck;

namespace ClusterOperator.Runtime.Tests.Queueing;

public sealed class WorkQueuePropertyTests
{
    // Operations: 0 = add key, 1 = take one ready key, 2 = finish one in-flight key.
    private static readonly Gen<(int Op, int Key)[]> Scripts = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4]).Array[1, 60];

    [Fact]
    public void No_key_is_ever_handed_out_twice_at_once_and_every_added_key_is_processed()
    {
        Scripts.Sample(script =>
        {
            using var queue = new WorkQueue<int>("prop", new WorkQueueOptions(), TimeProvider.System);
            var inFlight = new List<int>();
            var pending = new HashSet<int>();
            foreach (var (op, key) in script)
            {
                switch (op)
                {
                    case 0:
                        queue.Add(key);
                        pending.Add(key);
                        break;
                    case 1 when queue.Depth > 0:
                        var taken = queue.TakeAsync(CancellationToken.None).Result;
                        Assert.DoesNotContain(taken, inFlight);
                        inFlight.Add(taken);
                        pending.Remove(taken);
                        break;
                    case 2 when inFlight.Count > 0:
                        var done = inFlight[key % inFlight.Count];
                        inFlight.Remove(done);
                        queue.Done(done);
                        break;
                }
            }

            // Drain: finishing everything must surface each key still pending exactly once.
            foreach (var key in inFlight)
            {
                queue.Done(key);
            }

            var drained = new List<int>();
            while (queue.Depth > 0)
            {
                var key = queue.TakeAsync(CancellationToken.None).Result;
                drained.Add(key);
                queue.Done(key);
            }

            Assert.Equal(pending.Order(), drained.Order());
        });
    }
}
