using k8s.LeaderElection;

namespace ClusterOperator.Runtime.Leadership;

/// <summary>
/// Wraps the Lease lock to see each successful acquire or renew, which <see cref="LeaderElector"/> does not report.
/// The elector only ever writes records naming this replica, so a successful write means "we hold the lease as of
/// the moment the write was sent"; that moment, taken before the call, is the conservative one to report.
/// </summary>
internal sealed class RenewalObservingLock(ILock inner, TimeProvider timeProvider, Action<DateTimeOffset> renewed) : ILock
{
    public string Identity => inner.Identity;

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var sentAt = timeProvider.GetUtcNow();
        var created = await inner.CreateAsync(record, cancellationToken);
        if (created)
        {
            renewed(sentAt);
        }

        return created;
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var sentAt = timeProvider.GetUtcNow();
        var updated = await inner.UpdateAsync(record, cancellationToken);
        if (updated)
        {
            renewed(sentAt);
        }

        return updated;
    }

    public string Describe() => inner.Describe();
}
