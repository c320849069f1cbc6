import numpy as np


def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
    if x0 <= 1:
        raise ValueError("x0 must be above 1")
    x = float(x0)
    passes = []
    for _ in range(max_steps):
        a = x ** 2
        b = np.log(a)
        c = np.sqrt(b)
        passes.append({"x": x, "a": a, "b": b, "c": c})
        if abs(c - y) < tol:
            break
        dc = c - y
        db = dc * 2 * np.sqrt(b)
        da = db * a
        dx = da / (2 * x)
        x = x - dx
    return passes


def dense_backward(dZ, X, W):
    dZ = np.asarray(dZ, dtype=float)
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def _sigmoid(z):
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + t), t / (1 + t))


def sigmoid_backward(dA, Z):
    s = _sigmoid(np.asarray(Z, dtype=float))
    return np.asarray(dA, dtype=float) * s * (1 - s)


def tanh_backward(dA, Z):
    return np.asarray(dA, dtype=float) * (1 - np.tanh(np.asarray(Z, dtype=float)) ** 2)


def relu_backward(dA, Z):
    return np.where(np.asarray(Z, dtype=float) > 0, np.asarray(dA, dtype=float), 0.0)


def softmax_cross_entropy_backward(Z, Y):
    Z = np.asarray(Z, dtype=float)
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - np.asarray(Y, dtype=float)) / Z.shape[0]


def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[0]
    # identity + mse, sigmoid + binary cross-entropy and softmax + categorical
    # cross-entropy all give dZ2 = (A2 - Y) / m.
    dZ2 = (cache["A2"] - Y) / m
    dA1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    Z1 = cache["Z1"]
    if hidden == "sigmoid":
        dZ1 = sigmoid_backward(dA1, Z1)
    elif hidden == "tanh":
        dZ1 = tanh_backward(dA1, Z1)
    else:
        dZ1 = relu_backward(dA1, Z1)
    _, dW1, db1 = dense_backward(dZ1, X, params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
