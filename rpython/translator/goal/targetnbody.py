"""n-body: a float simulation of the Jovian planets (Benchmarks Game model).

Prints the energy before and after N steps (default 1000) with nine
decimals, formatted with integer arithmetic so that the output does not
depend on float formatting support; math.sqrt is the C library's sqrt.  Usage: nbody-c [steps].
"""

import math

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


class Body(object):
    def __init__(self, x, y, z, vx, vy, vz, mass):
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx * DAYS_PER_YEAR
        self.vy = vy * DAYS_PER_YEAR
        self.vz = vz * DAYS_PER_YEAR
        self.mass = mass * SOLAR_MASS


def make_system():
    sun = Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    jupiter = Body(
        4.84143144246472090e00,
        -1.16032004402742839e00,
        -1.03622044471123109e-01,
        1.66007664274403694e-03,
        7.69901118419740425e-03,
        -6.90460016972063023e-05,
        9.54791938424326609e-04,
    )
    saturn = Body(
        8.34336671824457987e00,
        4.12479856412430479e00,
        -4.03523417114321381e-01,
        -2.76742510726862411e-03,
        4.99852801234917238e-03,
        2.30417297573763929e-05,
        2.85885980666130812e-04,
    )
    uranus = Body(
        1.28943695621391310e01,
        -1.51111514016986312e01,
        -2.23307578892655734e-01,
        2.96460137564761618e-03,
        2.37847173959480950e-03,
        -2.96589568540237556e-05,
        4.36624404335156298e-05,
    )
    neptune = Body(
        1.53796971148509165e01,
        -2.59193146099879641e01,
        1.79258772950371181e-01,
        2.68067772490389322e-03,
        1.62824170038242295e-03,
        -9.51592254519715870e-05,
        5.15138902046611451e-05,
    )
    bodies = [sun, jupiter, saturn, uranus, neptune]
    px = 0.0
    py = 0.0
    pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS
    return bodies


def advance(bodies, dt, steps):
    n = len(bodies)
    step = 0
    while step < steps:
        i = 0
        while i < n:
            b1 = bodies[i]
            j = i + 1
            while j < n:
                b2 = bodies[j]
                dx = b1.x - b2.x
                dy = b1.y - b2.y
                dz = b1.z - b2.z
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                m1 = b1.mass * mag
                m2 = b2.mass * mag
                b1.vx -= dx * m2
                b1.vy -= dy * m2
                b1.vz -= dz * m2
                b2.vx += dx * m1
                b2.vy += dy * m1
                b2.vz += dz * m1
                j += 1
            i += 1
        for b in bodies:
            b.x += dt * b.vx
            b.y += dt * b.vy
            b.z += dt * b.vz
        step += 1


def energy(bodies):
    e = 0.0
    n = len(bodies)
    i = 0
    while i < n:
        b1 = bodies[i]
        e += 0.5 * b1.mass * (b1.vx * b1.vx + b1.vy * b1.vy + b1.vz * b1.vz)
        j = i + 1
        while j < n:
            b2 = bodies[j]
            dx = b1.x - b2.x
            dy = b1.y - b2.y
            dz = b1.z - b2.z
            e -= (b1.mass * b2.mass) / math.sqrt(dx * dx + dy * dy + dz * dz)
            j += 1
        i += 1
    return e


def format_fixed(x, digits):
    """'%.<digits>f' % x for moderate |x|, with integer arithmetic only."""
    sign = ""
    if x < 0.0:
        sign = "-"
        x = -x
    scale = 1
    i = 0
    while i < digits:
        scale *= 10
        i += 1
    scaled = int(x * scale + 0.5)
    whole = scaled // scale
    frac = str(scaled % scale)
    while len(frac) < digits:
        frac = "0" + frac
    return sign + str(whole) + "." + frac


def entry_point(argv):
    steps = 1000
    if len(argv) > 1:
        steps = int(argv[1])
    bodies = make_system()
    print(format_fixed(energy(bodies), 9))
    advance(bodies, 0.01, steps)
    print(format_fixed(energy(bodies), 9))
    return 0


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
