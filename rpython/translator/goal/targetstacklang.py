"""A small stack language, interpreted: classes, inheritance, exceptions.

Source words: integers, + - * / mod, dup drop swap over, = <, print, and
`: name ... ;` definitions, `if ... else ... then`, `begin ... until` loops.
The program is compiled to a list of Instruction objects (one subclass per
kind) and run by a loop; errors are RPython exceptions (StackUnderflow,
UnknownWord, DivisionByZero) reported as "error: ...".
Usage: stacklang-c ["source"] (default: a built-in demo program).
"""

DEMO = """
: square dup * ;
: fact dup 1 < if drop 1 else dup 1 - fact * then ;
: countdown begin dup print 1 - dup 0 = until drop ;
7 square print
10 fact print
5 countdown
0 begin 1 + dup 100000 = until print
1 2 3 + + print
17 5 mod print
1 0 /
"""


class StackError(Exception):
    def __init__(self, message):
        self.message = message


class StackUnderflow(StackError):
    pass


class UnknownWord(StackError):
    pass


class DivisionByZero(StackError):
    pass


class Machine(object):
    def __init__(self):
        self.stack = []
        self.output = []

    def push(self, value):
        self.stack.append(value)

    def pop(self):
        if not self.stack:
            raise StackUnderflow("stack underflow")
        return self.stack.pop()


class Instruction(object):
    def execute(self, machine, pc):
        """Run; return the next pc."""
        raise NotImplementedError


class Push(Instruction):
    def __init__(self, value):
        self.value = value

    def execute(self, machine, pc):
        machine.push(self.value)
        return pc + 1


class BinaryOp(Instruction):
    def __init__(self, name):
        self.name = name

    def execute(self, machine, pc):
        b = machine.pop()
        a = machine.pop()
        machine.push(self.compute(a, b))
        return pc + 1

    def compute(self, a, b):
        raise NotImplementedError


class Add(BinaryOp):
    def compute(self, a, b):
        return a + b


class Sub(BinaryOp):
    def compute(self, a, b):
        return a - b


class Mul(BinaryOp):
    def compute(self, a, b):
        return a * b


class Div(BinaryOp):
    def compute(self, a, b):
        if b == 0:
            raise DivisionByZero("division by zero")
        return a // b


class Mod(BinaryOp):
    def compute(self, a, b):
        if b == 0:
            raise DivisionByZero("modulo by zero")
        return a % b


class Equal(BinaryOp):
    def compute(self, a, b):
        return 1 if a == b else 0


class Less(BinaryOp):
    def compute(self, a, b):
        return 1 if a < b else 0


class StackOp(Instruction):
    def __init__(self, kind):
        self.kind = kind

    def execute(self, machine, pc):
        if self.kind == "dup":
            a = machine.pop()
            machine.push(a)
            machine.push(a)
        elif self.kind == "drop":
            machine.pop()
        elif self.kind == "swap":
            b = machine.pop()
            a = machine.pop()
            machine.push(b)
            machine.push(a)
        elif self.kind == "over":
            b = machine.pop()
            a = machine.pop()
            machine.push(a)
            machine.push(b)
            machine.push(a)
        return pc + 1


class Print(Instruction):
    def execute(self, machine, pc):
        machine.output.append(str(machine.pop()))
        return pc + 1


class JumpIfZero(Instruction):
    def __init__(self):
        self.target = -1

    def execute(self, machine, pc):
        if machine.pop() == 0:
            return self.target
        return pc + 1


class Jump(Instruction):
    def __init__(self):
        self.target = -1

    def execute(self, machine, pc):
        return self.target


class Call(Instruction):
    def __init__(self, name):
        self.name = name
        self.code = None

    def execute(self, machine, pc):
        if self.code is None:
            raise UnknownWord("unknown word: " + self.name)
        run_code(self.code, machine)
        return pc + 1


class Code(object):
    def __init__(self):
        self.instructions = []


def run_code(code, machine):
    pc = 0
    instructions = code.instructions
    while pc < len(instructions):
        pc = instructions[pc].execute(machine, pc)


def is_number(token):
    if not token:
        return False
    start = 1 if token[0] == "-" and len(token) > 1 else 0
    i = start
    while i < len(token):
        if not token[i].isdigit():
            return False
        i += 1
    return True


class Compiler(object):
    def __init__(self):
        self.words = {}
        self.calls = []

    def compile(self, tokens):
        main = Code()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token == ":":
                if i + 1 >= len(tokens):
                    raise UnknownWord("definition without a name")
                name = tokens[i + 1]
                j = i + 2
                body = []
                while j < len(tokens) and tokens[j] != ";":
                    body.append(tokens[j])
                    j += 1
                code = Code()
                self.words[name] = code
                self.compile_into(code, body)
                i = j + 1
            else:
                j = i
                body = []
                while j < len(tokens) and tokens[j] != ":":
                    body.append(tokens[j])
                    j += 1
                self.compile_into(main, body)
                i = j
        for call in self.calls:
            call.code = self.words.get(call.name, None)
        return main

    def compile_into(self, code, tokens):
        out = code.instructions
        pending = []  # open if/else/begin instructions or positions
        begins = []
        for token in tokens:
            if is_number(token):
                out.append(Push(int(token)))
            elif token == "+":
                out.append(Add(token))
            elif token == "-":
                out.append(Sub(token))
            elif token == "*":
                out.append(Mul(token))
            elif token == "/":
                out.append(Div(token))
            elif token == "mod":
                out.append(Mod(token))
            elif token == "=":
                out.append(Equal(token))
            elif token == "<":
                out.append(Less(token))
            elif token in ("dup", "drop", "swap", "over"):
                out.append(StackOp(token))
            elif token == "print":
                out.append(Print())
            elif token == "if":
                jz = JumpIfZero()
                out.append(jz)
                pending.append(jz)
            elif token == "else":
                jmp = Jump()
                out.append(jmp)
                if not pending:
                    raise UnknownWord("else without if")
                jz = pending.pop()
                jz.target = len(out)
                pending.append(jmp)
            elif token == "then":
                if not pending:
                    raise UnknownWord("then without if")
                pending.pop().target = len(out)
            elif token == "begin":
                begins.append(len(out))
            elif token == "until":
                if not begins:
                    raise UnknownWord("until without begin")
                jz = JumpIfZero()
                jz.target = begins.pop()
                out.append(jz)
            else:
                call = Call(token)
                self.calls.append(call)
                out.append(call)


def tokenize(source):
    tokens = []
    for line in source.split("\n"):
        for token in line.split(" "):
            token = token.strip()
            if token:
                tokens.append(token)
    return tokens


def run_source(source):
    machine = Machine()
    try:
        code = Compiler().compile(tokenize(source))
        run_code(code, machine)
    except StackError as e:
        machine.output.append("error: " + e.message)
    for line in machine.output:
        print(line)
    return len(machine.stack)


def entry_point(argv):
    source = DEMO
    if len(argv) > 1:
        source = argv[1]
    left = run_source(source)
    print("left on stack: %d" % left)
    return 0


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
