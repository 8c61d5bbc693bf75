using ClusterOperator.Runtime.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ClusterOperator.Runtime.Resilience;

/// <summary>
/// The one path for API calls that must survive a flaky server: retries 429, 5xx and timeouts with exponential
/// backoff and jitter, honouring Retry-After; on 409 Conflict re-reads the object and applies the change again.
/// Writes also pass the <see cref="IWriteGate"/>, so only the leader writes. Retries are counted by verb and code.
/// </summary>
/// <remarks>
/// A retried create may find that its first attempt did succeed (the response was lost): callers treat
/// <see cref="KubernetesErrors.IsAlreadyExists"/> as success, which level-based reconcilers do anyway.
/// </remarks>
public sealed partial class ResilientApi
{
    private static readonly ResiliencePropertyKey<string> VerbKey = new("clusteroperator.verb");

    private readonly IWriteGate _gate;
    private readonly ResilienceOptions _options;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _transient;
    private readonly ResiliencePipeline _conflicts;

    public ResilientApi(IWriteGate gate, ResilienceOptions options, RuntimeMetrics metrics, TimeProvider timeProvider, ILogger<ResilientApi> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = gate;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _transient = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ShouldRetry(ex, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    var verb = args.Context.Properties.GetValue(VerbKey, "unknown");
                    var code = KubernetesErrors.Code(args.Outcome.Exception!);
                    _metrics.ApiRetry(verb, code);
                    LogRetry(_logger, verb, code, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
        _conflicts = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxConflictRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ConflictDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && KubernetesErrors.IsConflict(ex)),
                OnRetry = args =>
                {
                    var verb = args.Context.Properties.GetValue(VerbKey, "unknown");
                    _metrics.ApiRetry(verb, "409");
                    LogConflict(_logger, verb, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs a write (create, update, patch, delete, bind…) through the gate and the transient-retry pipeline.</summary>
    /// <exception cref="NotLeaderException">The gate is closed, or closed while the write was in flight.</exception>
    public async Task<T> WriteAsync<T>(string verb, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gate.Token);
        try
        {
            return await ExecuteAsync(verb, ct =>
            {
                // Checked on every attempt: a retry must not outlive leadership.
                if (!_gate.IsOpen)
                {
                    throw new NotLeaderException();
                }

                return write(ct);
            }, linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && _gate.Token.IsCancellationRequested)
        {
            throw new NotLeaderException("Leadership was lost while the write was in flight.", ex);
        }
    }

    /// <inheritdoc cref="WriteAsync{T}(string, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public Task WriteAsync(string verb, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(verb, async ct =>
        {
            await write(ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs a read through the transient-retry pipeline. Reads need no leadership.</summary>
    public Task<T> ReadAsync<T>(string verb, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        ExecuteAsync(verb, read, cancellationToken);

    /// <summary>
    /// Read-modify-write with optimistic concurrency: reads the object, lets <paramref name="mutate"/> change it,
    /// writes it; on 409 Conflict reads it again and repeats, up to <see cref="ResilienceOptions.MaxConflictRetries"/>.
    /// </summary>
    /// <param name="read">Returns an object the caller may change: a fresh GET, or a clone of the cached one.</param>
    /// <param name="mutate">Changes the object in place; returns false when nothing needs changing, and nothing is written.</param>
    /// <param name="write">Writes the changed object (replace or replace-status), and returns what the server stored.</param>
    /// <param name="cancellationToken">Cancels the whole read-modify-write.</param>
    /// <param name="verb">Labels retries in <c>api_retries_total</c>, e.g. <c>update_status</c>.</param>
    /// <returns>The stored object, or the read one when <paramref name="mutate"/> changed nothing.</returns>
    public Task<T> UpdateWithRetryAsync<T>(
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> mutate,
        Func<T, CancellationToken, Task<T>> write,
        CancellationToken cancellationToken,
        string verb = "update")
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(mutate);
        ArgumentNullException.ThrowIfNull(write);
        return RunAsync(_conflicts, verb, async ct =>
        {
            var obj = await ReadAsync("get", read, ct);
            return mutate(obj) ? await WriteAsync(verb, c => write(obj, c), ct) : obj;
        }, cancellationToken);
    }

    // A cancellation that is not ours is the HTTP client's own timeout, so it is transient too.
    private static bool ShouldRetry(Exception exception, CancellationToken token) =>
        exception is not NotLeaderException
        && (KubernetesErrors.IsTransient(exception) || (exception is OperationCanceledException && !token.IsCancellationRequested));

    private Task<T> ExecuteAsync<T>(string verb, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(_transient, verb, action, cancellationToken);

    private static async Task<T> RunAsync<T>(ResiliencePipeline pipeline, string verb, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(VerbKey, verb);
        try
        {
            return await pipeline.ExecuteAsync(static (c, a) => new ValueTask<T>(a(c.CancellationToken)), context, action);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Null lets Polly compute the exponential, jittered delay; a server's Retry-After takes precedence.
    private TimeSpan? RetryAfter(Exception? exception) =>
        exception is null ? null
        : KubernetesErrors.RetryAfter(exception, _timeProvider.GetUtcNow()) is { } hint
            ? (hint > _options.MaxRetryAfter ? _options.MaxRetryAfter : hint)
            : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Verb} after {Code} (attempt {Attempt}, in {Delay})")]
    private static partial void LogRetry(ILogger logger, string verb, string code, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conflict on {Verb}; re-reading (round {Round})")]
    private static partial void LogConflict(ILogger logger, string verb, int round);
}
