/* msgbox-torture user-space shim */
#include "../mt_kernel.h"
