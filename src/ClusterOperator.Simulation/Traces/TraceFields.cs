using System.Globalization;

namespace ClusterOperator.Simulation.Traces;

/// <summary>Typed reads of single trace fields, each failing with a sentence that names the column.</summary>
internal static class TraceFields
{
    public static bool TryCount(string text, string column, int minimum, out int value, out string reason)
    {
        reason = string.Empty;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            reason = $"{column} '{text}' is not a whole number";
            return false;
        }

        if (value < minimum)
        {
            reason = $"{column} is {value}; it must be at least {minimum}";
            return false;
        }

        return true;
    }

    public static bool TrySeconds(string text, string column, bool allowZero, out double value, out string reason)
    {
        reason = string.Empty;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            reason = $"{column} '{text}' is not a number of seconds";
            return false;
        }

        if (value < 0 || (!allowZero && value == 0))
        {
            reason = allowZero ? $"{column} is {text}; it must not be negative" : $"{column} is {text}; it must be positive";
            return false;
        }

        return true;
    }

    public static bool TryTotalGpus(int replicas, int gpusPerReplica, out string reason)
    {
        reason = string.Empty;
        if ((long)replicas * gpusPerReplica > int.MaxValue)
        {
            reason = $"{replicas} replicas x {gpusPerReplica} GPUs is too many GPUs";
            return false;
        }

        return true;
    }
}
