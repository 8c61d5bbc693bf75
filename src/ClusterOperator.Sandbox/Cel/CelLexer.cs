using System.Text;

namespace ClusterOperator.Sandbox.Cel;

/// <summary>
/// Splits CEL source into tokens. It knows every CEL operator, so that ones outside the interpreted subset reach the
/// parser and fail there by name instead of being misread.
/// </summary>
internal static class CelLexer
{
    private static readonly string[] Operators =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static IReadOnlyList<CelToken> Tokenize(string source)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                var word = source[start..i];
                if (i < source.Length && source[i] is '"' or '\'' && word.ToLowerInvariant() is "r" or "b" or "rb" or "br")
                {
                    throw Unsupported($"{word}-prefixed string literals", start);
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, word, start));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(Number(source, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(QuotedString(source, ref i));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0)
                         ?? throw new CelCompileException($"Syntax error: unexpected character '{c}' at {i}");
                tokens.Add(new CelToken(CelTokenKind.Operator, op, i));
                i += op.Length;
            }
        }

        tokens.Add(new CelToken(CelTokenKind.End, string.Empty, source.Length));
        return tokens;
    }

    private static CelToken Number(string source, ref int i)
    {
        var start = i;
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X')
        {
            throw Unsupported("hexadecimal literals", start);
        }

        while (i < source.Length && char.IsAsciiDigit(source[i]))
        {
            i++;
        }

        var isDouble = false;
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && source[i] is 'e' or 'E')
        {
            throw Unsupported("exponent literals", start);
        }

        if (i < source.Length && source[i] is 'u' or 'U')
        {
            throw Unsupported("unsigned integer literals", start);
        }

        return new CelToken(isDouble ? CelTokenKind.Double : CelTokenKind.Integer, source[start..i], start);
    }

    private static CelToken QuotedString(string source, ref int i)
    {
        var start = i;
        var quote = source[i];
        if (i + 2 < source.Length && source[i + 1] == quote && source[i + 2] == quote)
        {
            throw Unsupported("triple-quoted string literals", start);
        }

        i++;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= source.Length || source[i] == '\n')
            {
                throw new CelCompileException($"Syntax error: unterminated string literal at {start}");
            }

            var c = source[i++];
            if (c == quote)
            {
                return new CelToken(CelTokenKind.String, text.ToString(), start);
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (i >= source.Length)
            {
                throw new CelCompileException($"Syntax error: unterminated string literal at {start}");
            }

            var escaped = source[i++];
            text.Append(escaped switch
            {
                '\\' => '\\',
                '\'' => '\'',
                '"' => '"',
                '`' => '`',
                '?' => '?',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                _ => throw Unsupported($"the escape sequence \\{escaped}", i - 2),
            });
        }
    }

    private static CelCompileException Unsupported(string what, int position) =>
        new($"Unsupported CEL syntax at {position}: {what}; the sandbox interprets only a subset of CEL");
}
