/* Allocation: kmalloc and friends over malloc, counted, with the Nth
 * allocation made to fail on request and a sleep check for blocking flags. */
#ifndef MT_MEM_H
#define MT_MEM_H

#define __GFP_DMA 0x01u
#define __GFP_HIGHMEM 0x02u
#define __GFP_DMA32 0x04u
#define __GFP_MOVABLE 0x08u
#define __GFP_RECLAIMABLE 0x10u
#define __GFP_HIGH 0x20u
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_ZERO 0x100u
#define __GFP_ATOMIC 0x200u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_WRITE 0x1000u
#define __GFP_NOWARN 0x2000u
#define __GFP_RETRY_MAYFAIL 0x4000u
#define __GFP_NOFAIL 0x8000u
#define __GFP_NORETRY 0x10000u
#define __GFP_MEMALLOC 0x20000u
#define __GFP_COMP 0x40000u
#define __GFP_NOMEMALLOC 0x80000u
#define __GFP_HARDWALL 0x100000u
#define __GFP_ACCOUNT 0x400000u
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)

/* kmalloc refuses more than this, as the kernel's KMALLOC_MAX_SIZE does. */
#define KMALLOC_MAX_SIZE (4UL << 20)

void *mt_alloc(size_t n, gfp_t flags, const char *what, bool virt);
void mt_free(const void *p, const char *what);

static inline void *kmalloc(size_t n, gfp_t f) { return mt_alloc(n, f, "kmalloc", false); }
static inline void *kzalloc(size_t n, gfp_t f) { return mt_alloc(n, f | __GFP_ZERO, "kzalloc", false); }
static inline void *kcalloc(size_t k, size_t n, gfp_t f)
{
	return n && k > SIZE_MAX / n ? NULL : mt_alloc(k * n, f | __GFP_ZERO, "kcalloc", false);
}
static inline void *kmalloc_array(size_t k, size_t n, gfp_t f)
{
	return n && k > SIZE_MAX / n ? NULL : mt_alloc(k * n, f, "kmalloc_array", false);
}
static inline void *kvmalloc(size_t n, gfp_t f) { return mt_alloc(n, f, "kvmalloc", true); }
static inline void *kvzalloc(size_t n, gfp_t f) { return mt_alloc(n, f | __GFP_ZERO, "kvzalloc", true); }
static inline void *vmalloc(size_t n) { return mt_alloc(n, GFP_KERNEL, "vmalloc", true); }
static inline void *vzalloc(size_t n) { return mt_alloc(n, GFP_KERNEL | __GFP_ZERO, "vzalloc", true); }
static inline void kfree(const void *p) { mt_free(p, "kfree"); }
static inline void kvfree(const void *p) { mt_free(p, "kvfree"); }
static inline void vfree(const void *p) { mt_free(p, "vfree"); }
static inline void kfree_sensitive(const void *p) { mt_free(p, "kfree_sensitive"); }
static inline void *kmemdup(const void *src, size_t n, gfp_t f)
{
	void *p = mt_alloc(n, f, "kmemdup", false);

	if (p)
		memcpy(p, src, n);
	return p;
}
size_t ksize(const void *p);

#endif
