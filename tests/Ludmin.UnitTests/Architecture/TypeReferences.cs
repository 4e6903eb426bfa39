using System.Reflection;
using System.Reflection.Emit;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The types one type uses: in its signatures (base, interfaces, fields, properties, parameters,
/// returns) and in its method bodies (every type, method and field token in the IL), so a
/// reference only a method body makes, such as a static call, is seen too. Compiler-generated
/// nested types (lambdas, async state machines) are types of their own in the same namespace.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var used in type.GetInterfaces()
            .Concat(type.GetFields(Declared).Select(f => f.FieldType))
            .Concat(type.GetProperties(Declared).Select(p => p.PropertyType)))
        {
            Add(found, used);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(found, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(found, parameter.ParameterType);
            }

            foreach (var member in BodyTokens(method))
            {
                Add(found, member as Type ?? member.DeclaringType);
                Add(found, (member as FieldInfo)?.FieldType);
            }
        }

        return found;
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null || !found.Add(type))
        {
            return;
        }

        Add(found, type.HasElementType ? type.GetElementType() : null);
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Add(found, argument);
        }
    }

    private static IEnumerable<MemberInfo> BodyTokens(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField)
            {
                yield return method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments)!;
            }

            at += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }
}
