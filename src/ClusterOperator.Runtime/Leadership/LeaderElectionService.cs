using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Runtime.Leadership;

/// <summary>
/// Campaigns for the operator's Lease with KubernetesClient's <see cref="LeaderElector"/> and turns the outcome into
/// a write gate. A term ends, and its <see cref="Token"/> is cancelled, when the elector reports the loss or when no
/// renewal has succeeded for <see cref="LeaderElectionOptions.RenewDeadline"/>, whichever comes first; the second
/// check is ours, timed from the last renewal actually sent, so a stuck elector cannot extend a term.
/// </summary>
public sealed partial class LeaderElectionService : IWriteGate, IDisposable
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILock _lock;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _deadline;
    private readonly Lock _gate = new();

    // All guarded by _gate. _term is non-null exactly while this replica leads.
    private CancellationTokenSource? _term;
    private CancellationTokenSource? _run;
    private DateTimeOffset _lastRenewal = DateTimeOffset.MinValue;
    private TaskCompletionSource<CancellationToken> _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _leader;

    public LeaderElectionService(IKubernetes client, LeaderElectionOptions options, TimeProvider timeProvider, ILogger<LeaderElectionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _lock = new RenewalObservingLock(new LeaseLock(client, options.Namespace, options.LeaseName, options.Identity), timeProvider, OnRenewed);
        _deadline = timeProvider.CreateTimer(_ => CheckDeadline(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Identity => _options.Identity;

    /// <summary>The holder this replica last saw in the Lease; null before the first look.</summary>
    public string? Leader => _leader;

    /// <summary>True while this replica leads and its last renewal is younger than the renew deadline.</summary>
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is not null && _timeProvider.GetUtcNow() - _lastRenewal < _options.RenewDeadline;
            }
        }
    }

    bool IWriteGate.IsOpen => IsLeader;

    /// <summary>The current term's token: cancelled the moment leadership ends; already cancelled when not leading.</summary>
    public CancellationToken Token
    {
        get
        {
            lock (_gate)
            {
                return _term?.Token ?? new CancellationToken(canceled: true);
            }
        }
    }

    /// <summary>Campaigns, leads, and after a loss campaigns again, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var elector = new LeaderElector(new LeaderElectionConfig(_lock)
            {
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
            });
            var led = false;
            elector.OnStartedLeading += () =>
            {
                led = true;
                BeginTerm();
            };
            elector.OnStoppedLeading += EndTerm;
            elector.OnNewLeader += OnNewLeader;
            elector.OnError += ex => LogElectionError(_logger, ex, Identity);
            lock (_gate)
            {
                _run = run;
            }

            try
            {
                await elector.RunUntilLeadershipLostAsync(run.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || run.IsCancellationRequested)
            {
                // Shutdown, or our deadline cut the elector short: campaign again unless shutting down.
            }
#pragma warning disable CA1031 // The elector lets transport errors escape while acquiring; campaigning must go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogElectionError(_logger, ex, Identity);
                await DelayQuietlyAsync(_options.RetryPeriod, cancellationToken);
            }
            finally
            {
                EndTerm();
                lock (_gate)
                {
                    _run = null;
                }
            }

            if (led && cancellationToken.IsCancellationRequested && _options.ReleaseOnShutdown)
            {
                await ReleaseAsync();
            }
        }
    }

    /// <summary>Completes with the term's token once this replica leads.</summary>
    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _leading.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in every term this replica leads, with a token cancelled when the term ends.
    /// Returns when <paramref name="cancellationToken"/> is cancelled. <see cref="RunAsync"/> must run alongside.
    /// </summary>
    public async Task RunWhileLeaderAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        while (!cancellationToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await WaitForLeadershipAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, term);
            try
            {
                await work(linked.Token);

                // Work that ends early still must not start again within the same term.
                await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, linked.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or NotLeaderException && term.IsCancellationRequested)
            {
                LogWorkStopped(_logger, Identity);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose() => _deadline.Dispose();

    private void BeginTerm()
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return;
            }

            _term = new CancellationTokenSource();
            _leading.TrySetResult(_term.Token);
            ArmDeadlineLocked();
        }

        LogStartedLeading(_logger, Identity);
    }

    private void EndTerm()
    {
        CancellationTokenSource? term;
        lock (_gate)
        {
            term = _term;
            if (term is null)
            {
                return;
            }

            _term = null;
            _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _deadline.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        // Not disposed: holders of the token may still link to it, which a disposed source would refuse.
        term.Cancel();
        LogStoppedLeading(_logger, Identity);
    }

    private void OnRenewed(DateTimeOffset sentAt)
    {
        lock (_gate)
        {
            if (sentAt > _lastRenewal)
            {
                _lastRenewal = sentAt;
            }

            if (_term is not null)
            {
                ArmDeadlineLocked();
            }
        }
    }

    private void OnNewLeader(string leader)
    {
        _leader = leader;
        LogNewLeader(_logger, Identity, leader);
    }

    private void ArmDeadlineLocked()
    {
        var remaining = _lastRenewal + _options.RenewDeadline - _timeProvider.GetUtcNow();
        _deadline.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void CheckDeadline()
    {
        CancellationTokenSource? run;
        lock (_gate)
        {
            if (_term is null)
            {
                return;
            }

            if (_timeProvider.GetUtcNow() - _lastRenewal < _options.RenewDeadline)
            {
                ArmDeadlineLocked();
                return;
            }

            run = _run;
        }

        LogLeaseLapsed(_logger, Identity, _options.RenewDeadline);
        EndTerm();
        try
        {
            run?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That elector run had already finished.
        }
    }

    // Runs after the term has ended, so nothing of ours writes under the lease any more. The replace carries the
    // resourceVersion just read: if another replica took the lease meanwhile, it fails and the lease stays theirs.
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _timeProvider);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _timeProvider.GetUtcNow().UtcDateTime;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            LogReleased(_logger, Identity);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(_logger, ex, Identity);
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} started leading")]
    private static partial void LogStartedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} sees {Leader} as leader")]
    private static partial void LogNewLeader(ILogger logger, string identity, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity}: no lease renewal for {Deadline}; stepping down")]
    private static partial void LogLeaseLapsed(ILogger logger, string identity, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity}: leader election call failed")]
    private static partial void LogElectionError(ILogger logger, Exception exception, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease on shutdown")]
    private static partial void LogReleased(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not release the lease; others wait for it to expire")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity}: leader-only work stopped with the term")]
    private static partial void LogWorkStopped(ILogger logger, string identity);
}
