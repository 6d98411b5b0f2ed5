/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pciback.h - shared structures and prototypes of xen-pciback.
 *
 * Two objects: a seized PCI function (struct xen_pcibk_dev_data, the
 * drvdata of a pci_dev bound to the "pciback" PCI driver) and a guest's
 * PCI backend (struct xen_pcibk_device, the drvdata of a xenbus device of
 * type "pci"), which exports seized functions to the guest's pcifront.
 *
 * Locking, outermost first: xen_pcibk_device.lock (exports, xenbus state),
 * xen_pcibk_seize_lock (the slot list and every dev_data's owner),
 * xen_pcibk_dev_data.lock (config space, interrupt mode).
 */
#ifndef XEN_PCIBK_PCIBACK_H
#define XEN_PCIBK_PCIBACK_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/ratelimit.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>
#include <xen/interface/io/pciif.h>

#include "pure/conf_filter.h"
#include "pure/irq.h"
#include "pure/opts.h"
#include "pure/quirk.h"
#include "pure/slot.h"
#include "pure/vslot.h"

#define XEN_PCIBK_DRIVER_NAME	"pciback"

/*
 * enum xenbus_state values (xen/interface/io/xenbus.h), spelled the
 * kernel's way; also the values of the backend's state-N keys.
 */
#define XEN_PCIBK_XB_UNKNOWN		0
#define XEN_PCIBK_XB_INITIALISING	1
#define XEN_PCIBK_XB_INITWAIT		2
#define XEN_PCIBK_XB_INITIALISED	3
#define XEN_PCIBK_XB_CONNECTED		4
#define XEN_PCIBK_XB_CLOSING		5
#define XEN_PCIBK_XB_CLOSED		6
#define XEN_PCIBK_XB_RECONFIGURING	7
#define XEN_PCIBK_XB_RECONFIGURED	8
#define XEN_PCIBK_MAX_FIELDS	64
#define XEN_PCIBK_MAX_QUIRKS	8
/* BARs 0-5 and the ROM BAR. */
#define XEN_PCIBK_NR_BARS	7

struct xen_pcibk_device;

/**
 * struct xen_pcibk_dev_data - a seized PCI function
 * @node: in the list of seized functions, under xen_pcibk_seize_lock
 * @dev: the function
 * @owner: the backend exporting it to a guest, or NULL; under
 *	xen_pcibk_seize_lock
 * @lock: serialises config accesses and interrupt-mode changes
 * @table: the config-space filter's field table, over @fields
 * @fields: storage for @table
 * @bars: BAR emulation state, ROM last
 * @quirks: quirks opened through sysfs, for listing
 * @nr_quirks: entries in @quirks
 * @irq_mode: INTx, MSI or MSI-X, as enabled through pcifront ops
 * @saved: config space saved at seize, restored after every reset
 * @permissive: let the guest write what the filter would drop
 * @allow_interrupt_control: let the guest write MSI/MSI-X enable bits
 * @denied: set by emulation hooks when they drop part of a write
 * @hinted: the "permissive" hint was logged for this function
 * @no_reset_noted: the function's lack of a reset method was logged
 * @msix_prepared: Xen was told where the MSI-X table is (PHYSDEVOP)
 * @toolstack_permissive: permissive=1 in the toolstack's opts-N for the
 *	current assignment; cleared when the guest loses the function
 * @isr_on: pciback's acknowledging handler is on the function's shared
 *	legacy IRQ (irq_handler_state), so dom0 does not disable the line
 *	for interrupts only the guest handles
 * @isr_count: interrupts that handler acknowledged
 * @guest_log: the budget of log lines the guest's requests may cause
 *	(xen_pcibk_guest_warn())
 */
struct xen_pcibk_dev_data {
	struct list_head node;
	struct pci_dev *dev;
	struct xen_pcibk_device *owner;
	struct mutex lock; /* config space and interrupt mode */
	struct xen_pcibk_cfg_table table;
	struct xen_pcibk_field fields[XEN_PCIBK_MAX_FIELDS];
	struct xen_pcibk_bar bars[XEN_PCIBK_NR_BARS];
	struct xen_pcibk_quirk_spec quirks[XEN_PCIBK_MAX_QUIRKS];
	unsigned int nr_quirks;
	enum xen_pcibk_irq_mode irq_mode;
	struct pci_saved_state *saved;
	bool permissive;
	bool allow_interrupt_control;
	bool denied;
	bool hinted;
	bool no_reset_noted;
	bool msix_prepared;
	bool toolstack_permissive;
	bool isr_on;
	unsigned long isr_count;
	struct ratelimit_state guest_log;
};

/*
 * A guest may make dom0 log at most this many lines about one function
 * per interval, whatever it sends: the per-call-site rate limit of
 * dev_warn_ratelimited() (10 lines every 5 s for each message) let a
 * storm of refused ops log 219 lines in 111 s under TCG (lab run
 * 20261204-164732-Ch1c, rogue-pcifront's storm case).
 */
#define XEN_PCIBK_GUEST_LOG_INTERVAL	(60 * HZ)
#define XEN_PCIBK_GUEST_LOG_BURST	5

/*
 * xen_pcibk_guest_warn - log a refusal caused by the guest, within the
 * function's budget (struct xen_pcibk_dev_data.guest_log).
 */
#define xen_pcibk_guest_warn(dd, fmt, ...)				\
	do {								\
		struct xen_pcibk_dev_data *_gw_dd = (dd);		\
									\
		if (__ratelimit(&_gw_dd->guest_log))			\
			dev_warn(&_gw_dd->dev->dev, fmt, ##__VA_ARGS__); \
	} while (0)

extern bool xen_pcibk_permissive_all;

/**
 * xen_pcibk_is_permissive() - may the guest write what the filter drops?
 * @dd: the seized function
 *
 * Yes when the module parameter ``permissive`` is set (every function, as
 * mainline's), when the function was made permissive through sysfs, or
 * when the toolstack asked for it in the current assignment.
 *
 * Return: true if config writes bypass the filter.
 */
static inline bool xen_pcibk_is_permissive(const struct xen_pcibk_dev_data *dd)
{
	return READ_ONCE(xen_pcibk_permissive_all) || dd->permissive ||
	       dd->toolstack_permissive;
}

/**
 * struct xen_pcibk_export - a function exported to a guest
 * @list: in xen_pcibk_device.exports
 * @dev: the function (a reference is held)
 * @devid: N of the backend's dev-N/vdev-N/state-N keys
 * @vdomain: segment the guest sees
 * @vbus: bus the guest sees
 * @vdevfn: devfn the guest sees
 * @want_vslot: virtual slot the toolstack asked for (vdevfn-N), or
 *	%XEN_PCIBK_VSLOT_ANY; vpci mode only
 */
struct xen_pcibk_export {
	struct list_head list;
	struct pci_dev *dev;
	unsigned int devid;
	int want_vslot;
	u32 vdomain;
	u32 vbus;
	u32 vdevfn;
};

/**
 * struct xen_pcibk_backend - a way of presenting functions to the guest
 * @name: "vpci" or "passthrough"
 * @assign: choose the guest's address for a new export, or refuse it
 * @unassign: forget an export's address
 * @roots: write the guest's root buses, each as domain << 8 | bus, into
 *	@roots, at most @max; return how many
 */
struct xen_pcibk_backend {
	const char *name;
	int (*assign)(struct xen_pcibk_device *pdev,
		      struct xen_pcibk_export *exp);
	void (*unassign)(struct xen_pcibk_device *pdev,
			 struct xen_pcibk_export *exp);
	int (*roots)(struct xen_pcibk_device *pdev, u32 *roots, int max);
};

/**
 * struct xen_pcibk_device - the PCI backend of one guest
 * @xdev: the xenbus device (backend/pci/<domid>/0)
 * @lock: protects everything below and the xenbus state changes
 * @exports: struct xen_pcibk_export list
 * @vslots: vpci mode's virtual bus
 * @sh_info: the frontend's shared page, mapped, or NULL
 * @irq: the event channel's irq, or 0
 * @op_work: serves one op from @sh_info
 * @op: private copy of the op being served (XSA-155)
 * @be_watch: watch on our own backend node, for num_devs at setup
 * @watching: @be_watch is registered
 * @aer_wait: woken by frontend events and when an AER step ends
 * @aer_busy: AER steps waiting on the frontend; the page stays mapped
 */
struct xen_pcibk_device {
	struct xenbus_device *xdev;
	struct mutex lock; /* exports, shared page, xenbus state */
	struct list_head exports;
	struct xen_pcibk_vslot vslots[XEN_PCIBK_VSLOTS];
	struct xen_pci_sharedinfo *sh_info;
	unsigned int irq;
	struct work_struct op_work;
	struct xen_pci_op op;
	struct xenbus_watch be_watch;
	bool watching;
	wait_queue_head_t aer_wait;
	unsigned int aer_busy;
};

extern struct mutex xen_pcibk_seize_lock;
extern struct pci_driver xen_pcibk_pci_driver;
extern const struct xen_pcibk_backend xen_pcibk_vpci_backend;
extern const struct xen_pcibk_backend xen_pcibk_passthrough_backend;
extern const struct pci_error_handlers xen_pcibk_err_handler;

/* pci_stub.c */
int xen_pcibk_stub_init(const char *hide, bool seize_bound);
void xen_pcibk_stub_exit(void);
struct xen_pcibk_dev_data *xen_pcibk_find_seized(unsigned int domain,
						 unsigned int bus,
						 unsigned int devfn);
void xen_pcibk_release_dev(struct pci_dev *dev);

/* conf_space.c, conf_space_header.c, conf_space_capability.c */
int xen_pcibk_config_init_dev(struct xen_pcibk_dev_data *dd);
void xen_pcibk_config_reset_dev(struct xen_pcibk_dev_data *dd);
int xen_pcibk_config_read(struct xen_pcibk_dev_data *dd, int offset,
			  int size, u32 *val);
int xen_pcibk_config_write(struct xen_pcibk_dev_data *dd, int offset,
			   int size, u32 value);
int xen_pcibk_header_init(struct xen_pcibk_dev_data *dd);
int xen_pcibk_header_read(struct xen_pcibk_dev_data *dd,
			  const struct xen_pcibk_field *f, u32 *val);
int xen_pcibk_header_write(struct xen_pcibk_dev_data *dd,
			   const struct xen_pcibk_field *f, u32 val, u32 mask);
int xen_pcibk_capability_init(struct xen_pcibk_dev_data *dd);
int xen_pcibk_capability_read(struct xen_pcibk_dev_data *dd,
			      const struct xen_pcibk_field *f, u32 *val);
int xen_pcibk_capability_write(struct xen_pcibk_dev_data *dd,
			       const struct xen_pcibk_field *f, u32 val,
			       u32 mask);
int xen_pcibk_quirk_add(struct xen_pcibk_dev_data *dd,
			const struct xen_pcibk_quirk_spec *q);

/* pciback_ops.c */
irqreturn_t xen_pcibk_handle_event(int irq, void *dev_id);
void xen_pcibk_do_op(struct work_struct *work);
void xen_pcibk_irq_off(struct xen_pcibk_dev_data *dd);
int xen_pcibk_isr_toggle(struct xen_pcibk_dev_data *dd);

/* xenbus.c; aer.c provides xen_pcibk_err_handler */
int xen_pcibk_xenbus_register(bool passthrough);
void xen_pcibk_xenbus_unregister(void);
void xen_pcibk_export_drop(struct xen_pcibk_device *pdev,
			   struct pci_dev *dev);

#endif /* XEN_PCIBK_PCIBACK_H */
