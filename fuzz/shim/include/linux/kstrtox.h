/* msgbox-torture user-space shim: everything is in mt_kernel.h */
#include "../mt_kernel.h"
