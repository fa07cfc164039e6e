{
  # The seccomp network wall (src/core/egress/seccompWall.ts). Linux only: elsewhere the target
  # builds nothing, the addon is absent, and the wall reports itself unavailable with a reason.
  'targets': [
    {
      'target_name': 'netwall',
      'conditions': [
        ['OS=="linux"', {
          'sources': ['netwall.c'],
          'cflags': ['-std=c11', '-Wall', '-Wextra', '-Werror', '-O2'],
          'defines': ['NAPI_VERSION=8'],
        }, {
          'type': 'none',
        }],
      ],
    },
  ],
}
