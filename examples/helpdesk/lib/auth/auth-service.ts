export {
  getUserByEmail,
  getUserById,
  emailExists,
  getAllUsers,
  updateUser,
  deleteUser,
  getOrganizationById,
  hashPassword,
  verifyPassword,
  createUser,
  authenticateUser,
  generateToken,
  verifyToken,
  verifyAuth,
  verifyTokenFromCookies,
  toPublicUser,
} from './sqlite-auth';
export type { CreateUserInput } from './sqlite-auth';
