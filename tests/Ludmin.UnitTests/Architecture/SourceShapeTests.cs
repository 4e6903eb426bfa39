using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The shape of the source itself, read with the C# compiler's own parser: no method of src/
/// longer than a reader holds at once, and every file named for the type it declares.
/// </summary>
public sealed class SourceShapeTests
{
    /// <summary>Lines from a member's signature (its attributes included) to its closing brace.</summary>
    public const int MaxMethodLines = 50;

    [Test]
    public void Methods_WhenEveryFileOfSrcIsParsed_NoneIsLongerThan50Lines()
    {
        var files = SourceFiles();

        var tooLong = files.SelectMany(file => LongMembers(Parse(file), MaxMethodLines)).ToList();

        Assert.That(files, Has.Count.GreaterThan(100), "the scan found the sources");
        Assert.That(tooLong, Is.Empty, $"over {MaxMethodLines} lines: split them");
    }

    [Test]
    public void TheMethodLengthRule_WhenAMethodIsLongerThanTheLimit_ListsItWithItsLength()
    {
        var body = string.Concat(Enumerable.Repeat("        Step();\n", 3));
        var tree = CSharpSyntaxTree.ParseText(
            "class Walk\n{\n    void Short() { }\n\n    void Long()\n    {\n" + body + "        void Local()\n        {\n" + body + "        }\n    }\n\n    Walk()\n    {\n" + body + "    }\n}\n",
            path: "Walk.cs");

        Assert.That(LongMembers(tree, 5), Is.EqualTo(new[] { "Walk.cs:5 Long (12 lines)", "Walk.cs:10 Local (6 lines)", "Walk.cs:18 Walk (6 lines)" }));
    }

    [Test]
    public void TheFileNameRule_WhenGivenNames_AcceptsATypeOrAPartNamedForWhatItHolds()
    {
        Assert.That(NamesItsTypes("User", ["User"], []), Is.True);
        Assert.That(NamesItsTypes("DeviceChange.Linked", ["DeviceChange", "Linked"], []), Is.True);
        Assert.That(NamesItsTypes("Libsodium.Scrypt", ["Libsodium"], ["Scrypt"]), Is.True);
        Assert.That(NamesItsTypes("CorsOptions", ["LudminCorsOptions"], []), Is.False);
        Assert.That(NamesItsTypes("DeviceChange.Linked", ["DeviceChange", "Relinked"], []), Is.False);
        Assert.That(NamesItsTypes("Scrypt.Libsodium", ["Libsodium"], ["Scrypt"]), Is.False);
    }

    [Test]
    public void Files_WhenEveryFileOfSrcIsParsed_EachDeclaresATypeOfItsOwnName()
    {
        var misnamed = SourceFiles()
            .Where(file => Path.GetFileName(file) != "Program.cs")
            .Where(file => !NamesWhatItDeclares(Path.GetFileNameWithoutExtension(file), Parse(file)))
            .Select(file => Path.GetRelativePath(Root, file));

        Assert.That(misnamed, Is.Empty, "a file holds the type it is named for");
    }

    /// <summary>
    /// <c>User.cs</c> declares <c>User</c>; a part of a partial type is named for the type and what
    /// the part holds: <c>DeviceChange.Linked.cs</c> its nested <c>Linked</c>, <c>Libsodium.Scrypt.cs</c>
    /// its member <c>Scrypt</c>.
    /// </summary>
    private static bool NamesItsTypes(string fileName, HashSet<string> types, HashSet<string> members) =>
        fileName.Split('.') is [var type, .. var parts] && types.Contains(type) && parts.All(part => types.Contains(part) || members.Contains(part));

    private static bool NamesWhatItDeclares(string fileName, SyntaxTree tree) =>
        NamesItsTypes(fileName, TypeNames(tree), MemberNames(tree));

    private static HashSet<string> MemberNames(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes()
            .Select(node => node switch
            {
                MethodDeclarationSyntax method => method.Identifier.Text,
                PropertyDeclarationSyntax property => property.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Each method, constructor, accessor, operator and local function longer than <paramref name="limit"/> lines, as <c>file:line name (n lines)</c>.</summary>
    private static IEnumerable<string> LongMembers(SyntaxTree tree, int limit) =>
        tree.GetRoot().DescendantNodes()
            .Where(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax)
            .Select(node => (Node: node, Lines: node.GetLocation().GetLineSpan()))
            .Select(member => (member.Node, Line: member.Lines.StartLinePosition.Line + 1, Count: member.Lines.EndLinePosition.Line - member.Lines.StartLinePosition.Line + 1))
            .Where(member => member.Count > limit)
            .Select(member => $"{Shown(tree.FilePath)}:{member.Line} {NameOf(member.Node)} ({member.Count} lines)");

    private static string Shown(string path) => Path.IsPathRooted(path) ? Path.GetRelativePath(Root, path) : path;

    private static string NameOf(SyntaxNode member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text,
        LocalFunctionStatementSyntax local => local.Identifier.Text,
        AccessorDeclarationSyntax accessor => $"{accessor.Keyword.Text} of {(accessor.Parent?.Parent as BasePropertyDeclarationSyntax)?.ToString().Split('{')[0].Trim()}",
        _ => member.Kind().ToString(),
    };

    private static HashSet<string> TypeNames(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes()
            .Select(node => node switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.Text,
                DelegateDeclarationSyntax @delegate => @delegate.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private static SyntaxTree Parse(string file) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview), path: file);

    private static List<string> SourceFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal)];

    /// <summary>The checkout's root: the folder holding Ludmin.sln, above the test binaries.</summary>
    private static string Root
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ludmin.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Ludmin.sln was not found above the test directory.");
        }
    }
}
