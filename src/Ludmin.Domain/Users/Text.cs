using System.Globalization;

namespace Ludmin.Domain.Users;

internal static class Text
{
    /// <summary>Control and invisible format characters (zero-width, bidi overrides) are refused in names.</summary>
    public static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }
}
