// f64 math: a small n-body simulation (no libm: the step uses only +, -, *, / and sqrt).
#include "kernel.h"

enum { kBodies = 5, kSteps = 60000 };
typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static double squareRoot(double x) { return __builtin_sqrt(x); }

KERNEL_EXPORT unsigned run(void) {
  Body bodies[kBodies];
  for (int i = 0; i < kBodies; ++i) {
    bodies[i] = (Body){i * 1.1, i * -0.7, i * 0.3, i * 0.01, 0.02 - i * 0.005, 0.001 * i,
                       1.0 + i * 0.5};
  }
  const double dt = 0.001;
  for (int step = 0; step < kSteps; ++step) {
    for (int i = 0; i < kBodies; ++i) {
      for (int j = i + 1; j < kBodies; ++j) {
        const double dx = bodies[i].x - bodies[j].x, dy = bodies[i].y - bodies[j].y,
                     dz = bodies[i].z - bodies[j].z;
        const double distance2 = dx * dx + dy * dy + dz * dz + 0.01;
        const double magnitude = dt / (distance2 * squareRoot(distance2));
        bodies[i].vx -= dx * bodies[j].mass * magnitude;
        bodies[i].vy -= dy * bodies[j].mass * magnitude;
        bodies[i].vz -= dz * bodies[j].mass * magnitude;
        bodies[j].vx += dx * bodies[i].mass * magnitude;
        bodies[j].vy += dy * bodies[i].mass * magnitude;
        bodies[j].vz += dz * bodies[i].mass * magnitude;
      }
    }
    for (int i = 0; i < kBodies; ++i) {
      bodies[i].x += dt * bodies[i].vx;
      bodies[i].y += dt * bodies[i].vy;
      bodies[i].z += dt * bodies[i].vz;
    }
  }
  double energy = 0;
  for (int i = 0; i < kBodies; ++i) {
    energy += 0.5 * bodies[i].mass *
              (bodies[i].vx * bodies[i].vx + bodies[i].vy * bodies[i].vy +
               bodies[i].vz * bodies[i].vz);
  }
  return (unsigned)(energy * 1e6) & 0x7FFFFFFF;
}
