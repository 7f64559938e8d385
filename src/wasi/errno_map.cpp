#include "wasi/errno_map.h"

#include <cerrno>

namespace nanoproc::wasi {

p1::Errno errno_from_host(int e) {
  using E = p1::Errno;
  switch (e) {
    case E2BIG: return E::_2big;
    case EACCES: return E::acces;
    case EADDRINUSE: return E::addrinuse;
    case EADDRNOTAVAIL: return E::addrnotavail;
    case EAFNOSUPPORT: return E::afnosupport;
    case EAGAIN: return E::again;
    case EALREADY: return E::already;
    case EBADF: return E::badf;
    case EBADMSG: return E::badmsg;
    case EBUSY: return E::busy;
    case ECANCELED: return E::canceled;
    case ECHILD: return E::child;
    case ECONNABORTED: return E::connaborted;
    case ECONNREFUSED: return E::connrefused;
    case ECONNRESET: return E::connreset;
    case EDEADLK: return E::deadlk;
    case EDESTADDRREQ: return E::destaddrreq;
    case EDOM: return E::dom;
    case EDQUOT: return E::dquot;
    case EEXIST: return E::exist;
    case EFAULT: return E::fault;
    case EFBIG: return E::fbig;
    case EHOSTUNREACH: return E::hostunreach;
    case EIDRM: return E::idrm;
    case EILSEQ: return E::ilseq;
    case EINPROGRESS: return E::inprogress;
    case EINTR: return E::intr;
    case EINVAL: return E::inval;
    case EIO: return E::io;
    case EISCONN: return E::isconn;
    case EISDIR: return E::isdir;
    case ELOOP: return E::loop;
    case EMFILE: return E::mfile;
    case EMLINK: return E::mlink;
    case EMSGSIZE: return E::msgsize;
    case EMULTIHOP: return E::multihop;
    case ENAMETOOLONG: return E::nametoolong;
    case ENETDOWN: return E::netdown;
    case ENETRESET: return E::netreset;
    case ENETUNREACH: return E::netunreach;
    case ENFILE: return E::nfile;
    case ENOBUFS: return E::nobufs;
    case ENODEV: return E::nodev;
    case ENOENT: return E::noent;
    case ENOEXEC: return E::noexec;
    case ENOLCK: return E::nolck;
    case ENOLINK: return E::nolink;
    case ENOMEM: return E::nomem;
    case ENOMSG: return E::nomsg;
    case ENOPROTOOPT: return E::noprotoopt;
    case ENOSPC: return E::nospc;
    case ENOSYS: return E::nosys;
    case ENOTCONN: return E::notconn;
    case ENOTDIR: return E::notdir;
    case ENOTEMPTY: return E::notempty;
    case ENOTRECOVERABLE: return E::notrecoverable;
    case ENOTSOCK: return E::notsock;
    case ENOTSUP: return E::notsup;  // == EOPNOTSUPP on Linux
    case ENOTTY: return E::notty;
    case ENXIO: return E::nxio;
    case EOVERFLOW: return E::overflow;
    case EOWNERDEAD: return E::ownerdead;
    case EPERM: return E::perm;
    case EPIPE: return E::pipe;
    case EPROTO: return E::proto;
    case EPROTONOSUPPORT: return E::protonosupport;
    case EPROTOTYPE: return E::prototype;
    case ERANGE: return E::range;
    case EROFS: return E::rofs;
    case ESPIPE: return E::spipe;
    case ESRCH: return E::srch;
    case ESTALE: return E::stale;
    case ETIMEDOUT: return E::timedout;
    case ETXTBSY: return E::txtbsy;
    case EXDEV: return E::xdev;
    default: return E::io;
  }
}

}  // namespace nanoproc::wasi
