using System.Text;

namespace ClusterOperator.Simulation.Traces;

/// <summary>Splits one CSV line (RFC 4180 quoting within the line; no embedded newlines).</summary>
internal static class CsvLine
{
    public static bool TrySplit(string line, List<string> fields, out string error)
    {
        fields.Clear();
        error = string.Empty;
        var field = new StringBuilder();
        var quoted = false;
        var afterQuote = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                    afterQuote = true;
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
                afterQuote = false;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0 && !afterQuote)
            {
                field.Clear();
                quoted = true;
            }
            else if (afterQuote && !char.IsWhiteSpace(c))
            {
                error = $"unexpected character '{c}' after a closing quote at column {i + 1}";
                return false;
            }
            else if (!afterQuote)
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            error = "unterminated quoted field";
            return false;
        }

        fields.Add(field.ToString().Trim());
        return true;
    }
}
