using System.Globalization;

namespace Ludmin.Domain.Users;

/// <summary>
/// Characters that print nothing a reader can see, refused in names and descriptions: control
/// characters, invisible format characters (zero-width, bidi overrides) and line or paragraph
/// separators.
/// </summary>
internal static class NonPrintingCharacters
{
    public static bool AnyIn(string text)
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
