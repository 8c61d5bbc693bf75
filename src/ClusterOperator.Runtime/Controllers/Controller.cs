using ClusterOperator.Runtime.Metrics;
using ClusterOperator.Runtime.Queueing;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Runtime.Controllers;

/// <summary>
/// Runs a reconciler over a work queue with N workers: take a key, reconcile, requeue as the result or error says,
/// give the key back. Informer handlers feed the queue; this class only drains it.
/// </summary>
public sealed partial class Controller
{
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;

    public Controller(
        string name,
        IReconciler reconciler,
        WorkQueue<ObjectKey> queue,
        ControllerOptions options,
        RuntimeMetrics metrics,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        Name = name;
        Queue = queue;
        _reconciler = reconciler;
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    public string Name { get; }

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Runs the workers until <paramref name="cancellationToken"/> is cancelled, then returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, Name, _options.Workers);
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers);
        LogStopped(_logger, Name);
    }

    /// <summary>Takes and reconciles one key. Returns false once cancelled.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        ObjectKey key;
        try
        {
            key = await Queue.TakeAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken);
            if (result.RequeueAfter is { } delay)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, delay);
                _metrics.Reconciled(Name, "requeue_after");
            }
            else if (result.Requeue)
            {
                Queue.AddRateLimited(key);
                _metrics.Reconciled(Name, "requeue");
            }
            else
            {
                Queue.Forget(key);
                _metrics.Reconciled(Name, "success");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (shutdown or lost leadership): the key goes back so a later run sees it.
            Queue.Add(key);
            return false;
        }
        catch (TerminalReconcileException ex)
        {
            Queue.Forget(key);
            _metrics.Reconciled(Name, "terminal_error");
            LogTerminal(_logger, ex, Name, key);
        }
#pragma warning disable CA1031 // A worker must survive any reconcile failure; the key is retried with backoff.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Queue.AddRateLimited(key);
            _metrics.Reconciled(Name, "error");
            LogFailed(_logger, ex, Name, key, Queue.NumRequeues(key));
        }
        finally
        {
            Queue.Done(key);
        }

        return true;
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (await ProcessNextAsync(cancellationToken))
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} starting {Workers} workers")]
    private static partial void LogStarting(ILogger logger, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller} failed to reconcile {Key} (retry {Retries})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string controller, ObjectKey key, int retries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller} gave up on {Key}: terminal error")]
    private static partial void LogTerminal(ILogger logger, Exception exception, string controller, ObjectKey key);
}
